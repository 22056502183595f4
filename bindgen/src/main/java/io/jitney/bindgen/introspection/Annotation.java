package io.jitney.bindgen.introspection;

import java.util.Objects;

/**
 * An {@code <annotation name="…" value="…"/>} on an interface, method, signal, property or
 * argument (spec, "Introspection Data Format"). The constants name the annotations bindgen acts on.
 */
public record Annotation(String name, String value) {
    /** {@code true}: the element is deprecated; the generated Java element is {@code @Deprecated}. */
    public static final String DEPRECATED = "org.freedesktop.DBus.Deprecated";
    /** {@code true}: the method sends no reply; generated as {@code noReply = true}. */
    public static final String NO_REPLY = "org.freedesktop.DBus.Method.NoReply";
    /** {@code true}, {@code invalidates}, {@code const} or {@code false} (spec, Properties). */
    public static final String EMITS_CHANGED_SIGNAL = "org.freedesktop.DBus.Property.EmitsChangedSignal";
    /** GDBus's documentation string; becomes Javadoc. */
    public static final String GDBUS_DOC_STRING = "org.gtk.GDBus.DocString";

    public Annotation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
