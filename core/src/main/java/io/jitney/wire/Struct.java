package io.jitney.wire;

import java.util.Arrays;
import java.util.List;

/**
 * The value of a D-Bus {@code STRUCT} as read from the wire: its fields in order, immutable,
 * never {@code null}.
 *
 * <p>When writing, a struct may also be given as a {@code List}, an {@code Object[]} or any Java
 * {@code record} whose components match the struct's fields in order.
 */
public record Struct(List<Object> fields) {
    public Struct {
        fields = List.copyOf(fields);
    }

    /** A struct of these fields. */
    public static Struct of(Object... fields) {
        return new Struct(Arrays.asList(fields));
    }

    /** Field {@code i}. */
    public Object get(int i) {
        return fields.get(i);
    }

    /** Number of fields. */
    public int size() {
        return fields.size();
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("(");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Values.toDisplayString(fields.get(i)));
        }
        return sb.append(')').toString();
    }
}
