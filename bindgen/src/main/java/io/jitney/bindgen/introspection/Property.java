package io.jitney.bindgen.introspection;

import io.jitney.wire.Signature;
import java.util.List;
import java.util.Objects;

/**
 * A property.
 *
 * @param name   the property's name as written (not validated as a member name: real services
 *               use names such as {@code Foo-Bar})
 * @param type   a single complete type, or {@link Signature#EMPTY} for {@code type=""} (bindgen
 *               skips such a property with a warning)
 * @param access read, write or readwrite
 */
public record Property(String name, Signature type, Access access, List<Annotation> annotations, String doc)
        implements Annotated {
    public Property {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(access, "access");
        if (type.types().size() > 1) {
            throw new IllegalArgumentException("a property has one single complete type, not '" + type + "'");
        }
        annotations = List.copyOf(annotations);
    }
}
