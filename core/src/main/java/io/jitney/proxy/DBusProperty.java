package io.jitney.proxy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps a getter ({@code T getX()}, no parameters) or setter ({@code void setX(T)}) of a
 * {@link DBusInterface} to a D-Bus property, read and written through
 * {@code org.freedesktop.DBus.Properties}. Combine with {@link DBusType} for unsigned types.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DBusProperty {
    /** The D-Bus property name. */
    String value();
}
