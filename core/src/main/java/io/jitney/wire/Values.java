package io.jitney.wire;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the Java values that stand for D-Bus values: inferring a signature, comparing
 * values that contain arrays, and printing them readably.
 *
 * <h2>The value mapping</h2>
 * Reading produces exactly these types; writing accepts them and anything else listed.
 * <table>
 * <caption>D-Bus types and Java values</caption>
 * <tr><th>D-Bus</th><th>read as</th><th>also accepted when writing</th></tr>
 * <tr><td>{@code y}</td><td>{@code Byte} (raw bits)</td><td>{@code Short}/{@code Integer}/{@code Long} in 0..255</td></tr>
 * <tr><td>{@code b}</td><td>{@code Boolean}</td><td></td></tr>
 * <tr><td>{@code n}</td><td>{@code Short}</td><td>{@code Byte}, {@code Integer}/{@code Long} in range</td></tr>
 * <tr><td>{@code q}</td><td>{@code Integer} (0..65535)</td><td>{@code Byte}/{@code Short} ≥ 0, {@code Long} in range</td></tr>
 * <tr><td>{@code i}</td><td>{@code Integer}</td><td>{@code Byte}, {@code Short}, {@code Long} in range</td></tr>
 * <tr><td>{@code u}</td><td>{@code Long} (0..2<sup>32</sup>-1)</td><td>{@code Byte}/{@code Short}/{@code Integer} ≥ 0</td></tr>
 * <tr><td>{@code x}</td><td>{@code Long}</td><td>{@code Byte}, {@code Short}, {@code Integer}, {@code BigInteger} in range</td></tr>
 * <tr><td>{@code t}</td><td>{@code Long} holding the unsigned bits (read it with
 *     {@link Long#toUnsignedString(long)})</td><td>{@code Long} (bits), smaller integers ≥ 0,
 *     {@code BigInteger} in 0..2<sup>64</sup>-1</td></tr>
 * <tr><td>{@code d}</td><td>{@code Double}</td><td>{@code Float}</td></tr>
 * <tr><td>{@code s}</td><td>{@code String}</td><td>any {@code CharSequence}</td></tr>
 * <tr><td>{@code o}</td><td>{@link ObjectPath}</td><td>{@code String} (validated)</td></tr>
 * <tr><td>{@code g}</td><td>{@link Signature}</td><td>{@code String} (validated)</td></tr>
 * <tr><td>{@code h}</td><td>{@link UnixFd} (owns the received descriptor: close it)</td><td>a raw
 *     {@code int} descriptor; a {@link java.io.FileDescriptor}, {@link java.io.FileInputStream},
 *     {@link java.io.FileOutputStream} or {@link java.io.RandomAccessFile} with the JVM option
 *     {@code --add-opens java.base/java.io=ALL-UNNAMED} (or {@code =io.jitney.core} on the
 *     module path); a {@link java.nio.channels.FileChannel}, {@code SocketChannel},
 *     {@code ServerSocketChannel}, {@code DatagramChannel} or {@code Pipe} channel with
 *     {@code --add-opens java.base/sun.nio.ch=…} — without the option, sending fails with a
 *     message naming it. None is taken over: each must stay open until the message is
 *     written. {@link UnixFd#open} and {@link UnixFd#pipe} make descriptors without any
 *     option.</td></tr>
 * <tr><td>{@code ay}</td><td>{@code byte[]}</td><td>{@code List<Byte>}, {@code ByteBuffer}</td></tr>
 * <tr><td>{@code a…}</td><td>immutable {@code List}</td><td>any {@code Collection}, {@code Object[]},
 *     primitive arrays ({@code int[]}, {@code long[]}, {@code double[]}, {@code short[]},
 *     {@code boolean[]})</td></tr>
 * <tr><td>{@code a{kv}}</td><td>immutable, insertion-ordered {@code Map}</td><td>any {@code Map}</td></tr>
 * <tr><td>{@code (…)}</td><td>{@link Struct}</td><td>{@code List}, {@code Object[]}, any {@code record}</td></tr>
 * <tr><td>{@code v}</td><td>{@link Variant}</td><td></td></tr>
 * </table>
 */
public final class Values {
    private Values() {}

    /**
     * The signature a Java value would be written as when no signature is given: boxes map to
     * their signed D-Bus type ({@code Integer} → {@code i}, {@code Long} → {@code x}),
     * {@code String} → {@code s}, {@code byte[]} → {@code ay}, a non-empty {@code List} or
     * {@code Map} from its first element, a {@link Struct} or record from its fields. Unsigned
     * types cannot be inferred: give the signature.
     *
     * @throws IllegalArgumentException if the type cannot be inferred (e.g. an empty list)
     */
    public static Signature inferSignature(Object value) {
        return Signature.of(infer(value));
    }

    private static String infer(Object value) {
        return switch (value) {
            case null -> throw new IllegalArgumentException("D-Bus has no null value");
            case Byte b -> "y";
            case Boolean b -> "b";
            case Short s -> "n";
            case Integer i -> "i";
            case Long l -> "x";
            case Double d -> "d";
            case Float f -> "d";
            case CharSequence s -> "s";
            case ObjectPath o -> "o";
            case Signature g -> "g";
            case UnixFd h -> "h";
            case Variant v -> "v";
            case byte[] a -> "ay";
            case short[] a -> "an";
            case int[] a -> "ai";
            case long[] a -> "ax";
            case double[] a -> "ad";
            case boolean[] a -> "ab";
            case Struct s -> {
                var sb = new StringBuilder("(");
                for (Object f : s.fields()) {
                    sb.append(infer(f));
                }
                yield sb.append(')').toString();
            }
            case Record r -> {
                var sb = new StringBuilder("(");
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    try {
                        sb.append(infer(c.getAccessor().invoke(r)));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalArgumentException("cannot read record component " + c.getName(), e);
                    }
                }
                yield sb.append(')').toString();
            }
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    throw new IllegalArgumentException("cannot infer the signature of an empty map; give the signature");
                }
                var e = m.entrySet().iterator().next();
                String key = infer(e.getKey());
                if (key.length() != 1 || BasicType.forCode(key.charAt(0)) == null) {
                    throw new IllegalArgumentException("dict keys must be basic types, not " + key);
                }
                yield "a{" + key + infer(e.getValue()) + "}";
            }
            case List<?> l -> {
                if (l.isEmpty()) {
                    throw new IllegalArgumentException("cannot infer the signature of an empty list; give the signature");
                }
                yield "a" + infer(l.getFirst());
            }
            case Object[] a -> {
                if (a.length == 0) {
                    throw new IllegalArgumentException("cannot infer the signature of an empty array; give the signature");
                }
                yield "a" + infer(a[0]);
            }
            default -> throw new IllegalArgumentException(
                    "cannot infer a D-Bus type for " + value.getClass().getName() + "; give the signature");
        };
    }

    /**
     * Equality that compares arrays by content, and lists, maps, structs and variants by their
     * elements in the same way: two bodies read from equal bytes are {@code deepEquals}.
     */
    public static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!deepEquals(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (var e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Struct x && b instanceof Struct y) {
            return deepEquals(x.fields(), y.fields());
        }
        if (a.getClass().isArray() && b.getClass().isArray()) {
            return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
        }
        return a.equals(b);
    }

    /** A hash code consistent with {@link #deepEquals(Object, Object)}. */
    public static int deepHashCode(Object v) {
        return switch (v) {
            case null -> 0;
            case byte[] a -> Arrays.hashCode(a);
            case List<?> l -> {
                int h = 1;
                for (Object o : l) {
                    h = 31 * h + deepHashCode(o);
                }
                yield h;
            }
            case Map<?, ?> m -> {
                int h = 0;
                for (var e : m.entrySet()) {
                    h += deepHashCode(e.getKey()) ^ deepHashCode(e.getValue());
                }
                yield h;
            }
            case Struct s -> deepHashCode(s.fields());
            default -> v.getClass().isArray() ? Arrays.deepHashCode(new Object[] {v}) : v.hashCode();
        };
    }

    /** A readable rendering: byte arrays as hex-ish lists, strings quoted. */
    public static String toDisplayString(Object v) {
        return switch (v) {
            case null -> "null";
            case byte[] a -> a.length <= 64 ? "bytes" + Arrays.toString(a) : "bytes[" + a.length + "]";
            case CharSequence s -> "\"" + s + "\"";
            case List<?> l -> {
                var sb = new StringBuilder("[");
                int n = 0;
                for (Object o : l) {
                    if (n > 0) {
                        sb.append(", ");
                    }
                    if (n++ == 64) {
                        sb.append("... (").append(l.size()).append(" elements)");
                        break;
                    }
                    sb.append(toDisplayString(o));
                }
                yield sb.append(']').toString();
            }
            case Map<?, ?> m -> {
                var sb = new StringBuilder("{");
                int n = 0;
                for (var e : m.entrySet()) {
                    if (n++ > 0) {
                        sb.append(", ");
                    }
                    sb.append(toDisplayString(e.getKey())).append(": ").append(toDisplayString(e.getValue()));
                }
                yield sb.append('}').toString();
            }
            default -> String.valueOf(v);
        };
    }
}
