package io.jitney.wire;

import java.util.Objects;

/**
 * A D-Bus {@code VARIANT}: a value together with the signature of its single complete type.
 *
 * <p>{@code new Variant(Signature.of("u"), 42L)} states the type; {@link #of(Object)} infers it
 * from the Java value where that is unambiguous (see {@link Values#inferSignature(Object)}).
 * Whether the value fits the signature is checked when the variant is written.
 */
public record Variant(Signature signature, Object value) {
    public Variant {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(value, "value");
        if (!signature.isSingleCompleteType()) {
            throw new IllegalArgumentException("a variant holds one single complete type, not '" + signature + "'");
        }
    }

    /** A variant of the given signature text and value. */
    public static Variant of(String signature, Object value) {
        return new Variant(Signature.of(signature), value);
    }

    /** A variant whose signature is inferred from the Java value. */
    public static Variant of(Object value) {
        if (value instanceof Variant v) {
            return new Variant(Signature.of("v"), v);
        }
        return new Variant(Values.inferSignature(value), value);
    }

    /** The contained type. */
    public Type type() {
        return signature.type();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Variant other && signature.equals(other.signature) && Values.deepEquals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * signature.hashCode() + Values.deepHashCode(value);
    }

    @Override
    public String toString() {
        return "<" + signature + ": " + Values.toDisplayString(value) + ">";
    }
}
