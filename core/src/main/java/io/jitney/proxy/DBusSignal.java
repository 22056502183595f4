package io.jitney.proxy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as a D-Bus signal's arguments: its components, in order, are the signal's
 * arguments (use {@link DBusType} on components for unsigned types). Declare it inside the
 * {@link DBusInterface} it belongs to, or name the interface with {@link #interfaceName()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DBusSignal {
    /** The D-Bus signal name. */
    String value();

    /** The interface, when the record is not nested in its {@link DBusInterface}. */
    String interfaceName() default "";
}
