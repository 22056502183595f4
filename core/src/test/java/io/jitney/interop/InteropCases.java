package io.jitney.interop;

import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Variant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The values the interop tests send across the bus, as Jitney's canonical Java values (what it
 * reads back: {@code u} as {@code Long}, {@code t} as the unsigned bits in a {@code Long}, ...).
 *
 * <p>{@code jeepney_service.py} (test resources) has the same table written in Python; the test
 * checks that both list the same names and signatures, and each side checks the other's values
 * against its own, so a mistake that Jitney's writer and reader share cannot hide.
 */
final class InteropCases {
    private InteropCases() {}

    /** One body: a name the Python table also uses, a signature and Jitney's values for it. */
    record Case(String name, String signature, List<Object> values) {
        Case(String name, String signature, Object... values) {
            this(name, signature, Collections.unmodifiableList(Arrays.asList(values)));
        }

        Signature sig() {
            return Signature.of(signature);
        }

        /** The values after a leading case-name argument, as in {@code Check} and the signals. */
        Object[] withNameFirst() {
            Object[] out = new Object[values.size() + 1];
            out[0] = name;
            for (int i = 0; i < values.size(); i++) {
                out[i + 1] = values.get(i);
            }
            return out;
        }

        @Override
        public String toString() {
            return name + " (" + signature + ")";
        }
    }

    static final long U32_MAX = 0xffff_ffffL;
    /** 2^64 - 1 as Jitney holds a {@code t}: all bits set. */
    static final long U64_MAX = -1L;
    /** Non-ASCII in one, two, three and four UTF-8 bytes (the last a surrogate pair in Java). */
    static final String NON_ASCII = "Gr\u00fc\u00dfe, \u4e16\u754c \uD83D\uDE8C";

    static final List<Case> ALL = List.of(
            new Case("nothing", ""),
            new Case("bytes", "yy", (byte) 0, (byte) 0xff),
            new Case("booleans", "bb", true, false),
            new Case("int16", "nn", Short.MIN_VALUE, Short.MAX_VALUE),
            new Case("uint16", "qq", 0, 0xffff),
            new Case("int32", "ii", Integer.MIN_VALUE, Integer.MAX_VALUE),
            new Case("uint32", "uu", 0L, U32_MAX),
            new Case("int64", "xx", Long.MIN_VALUE, Long.MAX_VALUE),
            new Case("uint64", "tt", 0L, U64_MAX),
            new Case("doubles", "ddddd", 1.5, -0.0, Double.MAX_VALUE, Double.MIN_VALUE, Double.NEGATIVE_INFINITY),
            new Case("strings", "sss", "", "hello", NON_ASCII),
            new Case("object_paths", "oo", ObjectPath.ROOT, new ObjectPath("/org/example/Obj_1")),
            new Case("signatures", "gg", Signature.EMPTY, Signature.of("a{oa{sa{sv}}}(i(sd))av")),
            new Case("all_basic", "ybnqiuxtdsog", (byte) 7, true, (short) -2, 3, -4, 5L, -6L, 7L, 0.125, "\u00e9",
                    new ObjectPath("/a"), Signature.of("a{sv}")),
            new Case("byte_arrays", "ayay", new byte[0], allBytes()),
            new Case("string_arrays", "asas", List.of(), List.of("a", "\u00fc", "")),
            new Case("fixed_arrays", "anaqaiauaxatadab", List.of(Short.MIN_VALUE, (short) 1), List.of(0xffff),
                    List.of(-1, 0, Integer.MAX_VALUE), List.of(U32_MAX), List.of(Long.MIN_VALUE), List.of(0L, U64_MAX),
                    List.of(0.5, -2.0), List.of(true, false)),
            new Case("nested_arrays", "aasaay", List.of(List.of(), List.of("a"), List.of("b", "c")),
                    List.of(new byte[0], new byte[] {1})),
            new Case("vardict", "a{sv}a{sv}", Map.of(), map("int", Variant.of("i", 1), "str", Variant.of("s", "x"),
                    "list", Variant.of("as", List.of("p", "q")))),
            new Case("managed_objects", "a{oa{sa{sv}}}", managedObjects()),
            new Case("dict_keys", "a{ys}a{xd}a{bs}a{os}", map((byte) 1, "one", (byte) 0xff, "max"),
                    map(Long.MIN_VALUE, 0.25), map(true, "yes", false, "no"), map(new ObjectPath("/p"), "path key")),
            new Case("struct", "(i(sd))", Struct.of(42, Struct.of("x", 0.5))),
            new Case("struct_array", "a(i(sd))a(i(sd))", List.of(),
                    List.of(Struct.of(1, Struct.of("a", 1.0)), Struct.of(2, Struct.of("b", 2.0)))),
            // An empty array of 8-aligned elements is still padded to 8 after its length.
            new Case("empty_aligned", "ya(xt)yaxy", (byte) 1, List.of(), (byte) 2, List.of(), (byte) 3),
            new Case("variants", "vav", Variant.of("s", "top"), List.of(
                    Variant.of("i", 1),
                    Variant.of("v", Variant.of("s", "deep")),
                    Variant.of("v", Variant.of("v", Variant.of("t", U64_MAX))),
                    Variant.of("a{sv}", map("k", Variant.of("b", true))),
                    Variant.of("(i(sd))", Struct.of(7, Struct.of("y", 2.5))),
                    Variant.of("ay", new byte[] {0, (byte) 0xff}),
                    Variant.of("as", List.of()),
                    Variant.of("x", Long.MIN_VALUE))),
            new Case("large", "ayas", largeBytes(), Collections.nCopies(100, "x".repeat(1000))));

    /** An insertion-ordered map of key, value, key, value... (the Python side checks the order too). */
    static Map<Object, Object> map(Object... keysAndValues) {
        var m = new LinkedHashMap<Object, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] largeBytes() {
        byte[] b = new byte[300_000];
        IntStream.range(0, b.length).forEach(i -> b[i] = (byte) (i % 251));
        return b;
    }

    private static Map<Object, Object> managedObjects() {
        return map(new ObjectPath("/org/example/A"), map(
                        "org.example.Thing", map("Name", Variant.of("s", "A"), "Size", Variant.of("t", U64_MAX),
                                "Tags", Variant.of("as", List.of("x", "y"))),
                        "org.example.Empty", Map.of()),
                new ObjectPath("/org/example/B"), Map.of());
    }
}
