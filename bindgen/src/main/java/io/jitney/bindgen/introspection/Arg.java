package io.jitney.bindgen.introspection;

import io.jitney.wire.Signature;
import java.util.List;
import java.util.Objects;

/**
 * An argument of a method or signal.
 *
 * @param name        the argument's name, or {@code null} where the XML gives none (names are optional)
 * @param type        a single complete type, or {@link Signature#EMPTY} for {@code type=""} (which
 *                    some services emit; it describes no value, and bindgen leaves such an argument out)
 * @param direction   {@code IN} or {@code OUT}; for signal arguments always {@code OUT}
 * @param annotations the argument's annotations
 * @param doc         its documentation, or {@code null}
 */
public record Arg(String name, Signature type, Direction direction, List<Annotation> annotations, String doc)
        implements Annotated {
    public Arg {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(direction, "direction");
        if (type.types().size() > 1) {
            throw new IllegalArgumentException("an argument has one single complete type, not '" + type + "'");
        }
        annotations = List.copyOf(annotations);
    }
}
