package io.jitney.wire;

import java.util.List;

/**
 * One single complete D-Bus type: a basic type, an array, a struct, a dict entry or a variant.
 *
 * <p>Obtained from {@link Signature#types()} or {@link Signature#type()}; immutable and
 * thread-safe. See the spec, "Type System".
 */
public sealed interface Type permits BasicType, Type.Array, Type.Struct, Type.DictEntry, Type.Variant {

    /** The type's signature text, e.g. {@code "a{sv}"}. */
    String signature();

    /** The wire alignment of a value of this type, in bytes (1, 2, 4 or 8). */
    int alignment();

    /** {@code ARRAY}: {@code a} followed by the element type. */
    record Array(Type element) implements Type {
        @Override
        public String signature() {
            return "a" + element.signature();
        }

        @Override
        public int alignment() {
            return 4;
        }

        /** True for {@code a{...}}, read as a {@link java.util.Map}. */
        public boolean isDict() {
            return element instanceof DictEntry;
        }

        @Override
        public String toString() {
            return signature();
        }
    }

    /** {@code STRUCT}: {@code (...)} with at least one field. */
    record Struct(List<Type> fields) implements Type {
        public Struct {
            fields = List.copyOf(fields);
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("a struct needs at least one field");
            }
        }

        @Override
        public String signature() {
            var sb = new StringBuilder("(");
            for (Type f : fields) {
                sb.append(f.signature());
            }
            return sb.append(')').toString();
        }

        @Override
        public int alignment() {
            return 8;
        }

        @Override
        public String toString() {
            return signature();
        }
    }

    /** {@code DICT_ENTRY}: {@code {kv}}, only as an array element; the key is a basic type. */
    record DictEntry(BasicType key, Type value) implements Type {
        @Override
        public String signature() {
            return "{" + key.signature() + value.signature() + "}";
        }

        @Override
        public int alignment() {
            return 8;
        }

        @Override
        public String toString() {
            return signature();
        }
    }

    /** {@code VARIANT}: a signature followed by a value of that type. */
    enum Variant implements Type {
        INSTANCE;

        @Override
        public String signature() {
            return "v";
        }

        @Override
        public int alignment() {
            return 1;
        }

        @Override
        public String toString() {
            return "v";
        }
    }
}
