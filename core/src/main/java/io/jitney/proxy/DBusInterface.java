package io.jitney.proxy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java interface as a typed view of one D-Bus interface.
 *
 * <pre>{@code
 * @DBusInterface("org.freedesktop.Notifications")
 * public interface Notifications {
 *     @DBusMethod(name = "Notify")
 *     @DBusType("u")
 *     long notify(String appName, @DBusType("u") long replacesId, String appIcon, String summary,
 *             String body, List<String> actions, Map<String, Variant> hints, int expireTimeout);
 *
 *     @DBusSignal("NotificationClosed")
 *     record NotificationClosed(@DBusType("u") long id, @DBusType("u") long reason) {}
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DBusInterface {
    /** The D-Bus interface name, e.g. {@code org.freedesktop.Notifications}. */
    String value();
}
