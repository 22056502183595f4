package io.jitney.proxy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The exact D-Bus type of a parameter, return value, record component or property where the
 * Java type alone is ambiguous — unsigned integers above all: {@code @DBusType("u") long id},
 * {@code @DBusType("at") List<Long> sizes}. A single complete type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface DBusType {
    /** A single complete type signature. */
    String value();
}
