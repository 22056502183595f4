package io.jitney.proxy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a subclass of {@link io.jitney.DBusErrorException} as the Java type of one D-Bus error
 * name. A typed proxy throws it for an error reply of that name when a method declares it in
 * its {@code throws} clause. The class needs a public constructor
 * {@code (String errorName, String errorText, Message reply)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DBusError {
    /** The D-Bus error name, e.g. {@code org.example.Error.Failed}. */
    String value();
}
