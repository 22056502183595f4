package io.jitney.conformance;

import io.jitney.wire.BasicType;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Type;
import io.jitney.wire.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

/**
 * Random D-Bus types and values for property tests, driven by a seeded {@link Random} so every
 * failure can be replayed. Values are generated in their <em>canonical</em> form, the one the
 * wire reader produces (see {@code Values}): {@code y} → Byte, {@code q} → Integer,
 * {@code u} → Long, {@code ay} → byte[], other arrays → List, dicts → Map, structs →
 * {@link Struct}, variants → {@link Variant}; so a value read back is {@code deepEquals} to it.
 * Unix fds ({@code h}) are left out: they need real descriptors.
 */
final class RandomValues {
    /** The basic types except {@code h}. */
    private static final String BASIC = "ybnqiuxtdsog";
    /** Containers nest at most this deep in a generated type (variants add their own). */
    static final int MAX_DEPTH = 6;

    private final Random random;

    RandomValues(Random random) {
        this.random = random;
    }

    // ------------------------------------------------------------------ types

    /** A signature of {@code min..max} single complete types, at most 255 bytes. */
    Signature signature(int min, int max) {
        while (true) {
            var sb = new StringBuilder();
            int n = min + random.nextInt(max - min + 1);
            for (int i = 0; i < n; i++) {
                type(sb, 0);
            }
            if (sb.length() <= 255) {
                return Signature.of(sb.toString());
            }
        }
    }

    /** One single complete type, nesting from {@code depth}. */
    Type type(int depth) {
        while (true) {
            var sb = new StringBuilder();
            type(sb, depth);
            if (sb.length() <= 255) {
                return Signature.of(sb.toString()).type();
            }
        }
    }

    private void type(StringBuilder sb, int depth) {
        int choice = depth >= MAX_DEPTH ? 0 : random.nextInt(100);
        if (choice < 45) {
            sb.append(basicCode());
        } else if (choice < 62) {
            sb.append('a');
            type(sb, depth + 1);
        } else if (choice < 75) {
            sb.append('(');
            int fields = 1 + random.nextInt(4);
            for (int i = 0; i < fields; i++) {
                type(sb, depth + 1);
            }
            sb.append(')');
        } else if (choice < 87) {
            sb.append("a{").append(basicCode());
            type(sb, depth + 2);
            sb.append('}');
        } else {
            sb.append('v');
        }
    }

    private char basicCode() {
        return BASIC.charAt(random.nextInt(BASIC.length()));
    }

    // ------------------------------------------------------------------ values

    /** One canonical value for each type of {@code signature}. */
    List<Object> values(Signature signature) {
        var out = new ArrayList<Object>();
        for (Type t : signature.types()) {
            out.add(value(t, 0));
        }
        return out;
    }

    /** A canonical value of {@code type}; {@code depth} bounds what variants may hold. */
    Object value(Type type, int depth) {
        return switch (type) {
            case BasicType b -> basic(b);
            case Type.Array a -> array(a, depth);
            case Type.Struct s -> {
                var fields = new ArrayList<Object>();
                for (Type f : s.fields()) {
                    fields.add(value(f, depth + 1));
                }
                yield new Struct(fields);
            }
            case Type.Variant v -> {
                // Often a variant in a variant, so nesting of variants is exercised.
                Type inner = depth < MAX_DEPTH && random.nextInt(4) == 0 ? Type.Variant.INSTANCE : type(Math.min(depth + 1, MAX_DEPTH));
                yield new Variant(Signature.of(inner), value(inner, depth + 1));
            }
            case Type.DictEntry d -> throw new IllegalArgumentException("dict entries only occur inside arrays");
        };
    }

    private int count(int depth) {
        // Empty arrays often (their padding is a classic bug), and fewer elements deeper down.
        return random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(Math.max(1, 5 - depth));
    }

    private Object array(Type.Array a, int depth) {
        int n = count(depth);
        if (a.element() instanceof Type.DictEntry entry) {
            var map = new LinkedHashMap<Object, Object>();
            for (int i = 0; i < n; i++) {
                Object key = basic(entry.key());
                if (!map.containsKey(key)) {
                    map.put(key, value(entry.value(), depth + 2));
                }
            }
            return map;
        }
        if (a.element() == BasicType.BYTE) {
            byte[] bytes = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(40)];
            random.nextBytes(bytes);
            return bytes;
        }
        var list = new ArrayList<Object>();
        for (int i = 0; i < n; i++) {
            list.add(value(a.element(), depth + 1));
        }
        return list;
    }

    Object basic(BasicType t) {
        return switch (t) {
            case BYTE -> (byte) random.nextInt(256);
            case BOOLEAN -> random.nextBoolean();
            case INT16 -> (short) pick(Short.MIN_VALUE, Short.MAX_VALUE, 0, -1, random.nextInt());
            case UINT16 -> (int) pick(0, 0xFFFF, 0x8000, 1, random.nextInt(0x10000));
            case INT32 -> (int) pick(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, random.nextInt());
            case UINT32 -> pick(0, 0xFFFF_FFFFL, 0x8000_0000L, 1, random.nextInt() & 0xFFFF_FFFFL);
            case INT64 -> pick(Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, random.nextLong());
            // the unsigned bits: values with the high bit set are "negative" longs
            case UINT64 -> pick(0, -1L, Long.MIN_VALUE, Long.MAX_VALUE, random.nextLong() | Long.MIN_VALUE);
            case DOUBLE -> switch (random.nextInt(12)) {
                case 0 -> Double.NaN;
                case 1 -> Double.POSITIVE_INFINITY;
                case 2 -> Double.NEGATIVE_INFINITY;
                case 3 -> -0.0;
                case 4 -> Double.MIN_VALUE;
                case 5 -> Double.MAX_VALUE;
                case 6 -> -Double.MIN_NORMAL;
                default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
            };
            case STRING -> string();
            case OBJECT_PATH -> objectPath();
            case SIGNATURE -> random.nextInt(5) == 0 ? Signature.EMPTY : signature(1, 2);
            case UNIX_FD -> throw new IllegalArgumentException("h is not generated");
        };
    }

    /** Mostly random, sometimes one of the extremes. */
    private long pick(long min, long max, long a, long b, long any) {
        return switch (random.nextInt(8)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> a;
            case 3 -> b;
            default -> any;
        };
    }

    /** ASCII, 2-, 3- and 4-byte UTF-8 (noncharacters included, surrogates and NUL not). */
    String string() {
        int n = random.nextInt(5) == 0 ? 0 : random.nextInt(12);
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = switch (random.nextInt(5)) {
                case 0, 1 -> 1 + random.nextInt(0x7F);
                case 2 -> 0x80 + random.nextInt(0x800 - 0x80);
                case 3 -> {
                    int c;
                    do {
                        c = 0x800 + random.nextInt(0x10000 - 0x800);
                    } while (c >= 0xD800 && c <= 0xDFFF);
                    yield c;
                }
                default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static final String PATH_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

    ObjectPath objectPath() {
        int elements = random.nextInt(4);
        if (elements == 0) {
            return ObjectPath.ROOT;
        }
        var sb = new StringBuilder();
        for (int i = 0; i < elements; i++) {
            sb.append('/');
            int len = 1 + random.nextInt(6);
            for (int k = 0; k < len; k++) {
                sb.append(PATH_CHARS.charAt(random.nextInt(PATH_CHARS.length())));
            }
        }
        return ObjectPath.of(sb.toString());
    }
}
