package io.jitney.proxy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps a Java method of a {@link DBusInterface} to a D-Bus method. Optional: an unannotated
 * abstract method maps to the D-Bus method named like it with the first letter in upper case.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DBusMethod {
    /** The D-Bus member name; empty: the Java name with its first letter upper-cased. */
    String name() default "";

    /**
     * The out signature (the reply's body signature). Empty: derived from the Java return type
     * ({@code void} → no values). When it has several single complete types, the Java return
     * type must be a record with one component per type (or {@code List<Object>}).
     */
    String out() default "";

    /** Send with NO_REPLY_EXPECTED and do not wait (the method must return {@code void}). */
    boolean noReply() default false;
}
