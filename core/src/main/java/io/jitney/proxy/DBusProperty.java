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
 *
 * <p>The variant of {@code Get} and {@code Set} holds the value with the property's type. For a
 * property of type {@code v} ({@code Variant getX()}) the Java {@code Variant} is the property's
 * value, carried as a variant in that variant (sd-bus, for one, refuses a {@code Set} of such a
 * property whose variant does not hold a variant); a {@code Get} reply without the inner variant
 * is taken as it is.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DBusProperty {
    /** The D-Bus property name. */
    String value();
}
