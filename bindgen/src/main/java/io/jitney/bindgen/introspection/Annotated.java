package io.jitney.bindgen.introspection;

import java.util.List;
import java.util.Optional;

/** An element of the introspection data that can carry annotations and documentation. */
public sealed interface Annotated permits Interface, Method, Signal, Property, Arg {
    /** The element's annotations, in document order. */
    List<Annotation> annotations();

    /**
     * The element's documentation as plain text (paragraphs separated by a blank line), or
     * {@code null}: the {@code org.gtk.GDBus.DocString} annotation if present, else the text of a
     * {@code <doc>} element (any namespace) or of a Telepathy-style {@code <tp:docstring>}.
     */
    String doc();

    /** The value of the first annotation with this name, if any. */
    default Optional<String> annotation(String name) {
        for (Annotation a : annotations()) {
            if (a.name().equals(name)) {
                return Optional.of(a.value());
            }
        }
        return Optional.empty();
    }

    /** True if the element has {@code org.freedesktop.DBus.Deprecated} set to {@code true}. */
    default boolean isDeprecated() {
        return annotation(Annotation.DEPRECATED).map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    }
}
