package io.jitney.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jitney.ProtocolException;
import io.jitney.internal.wire.WireReader;
import io.jitney.internal.wire.WireWriter;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.SignatureException;
import io.jitney.wire.Struct;
import io.jitney.wire.Values;
import io.jitney.wire.Variant;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The places where marshalling code usually goes wrong, one named test each: padding that is
 * easy to forget, nesting limits, values out of range, strings that are not valid UTF-8 or
 * carry NUL, and malformed containers. Writing bad values throws
 * {@link IllegalArgumentException} naming the argument; reading bad bytes throws
 * {@link ProtocolException} naming the offset.
 */
class MarshallingTrapsTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] write(String signature, ByteOrder order, Object... values) {
        var w = new WireWriter(64, order);
        w.writeAll(Signature.of(signature).types(), Arrays.asList(values));
        return w.toByteArray();
    }

    private static List<Object> read(String signature, byte[] bytes, ByteOrder order) {
        var r = new WireReader(bytes, 0, bytes.length, order);
        List<Object> values = r.readAll(Signature.of(signature).types());
        assertThat(r.remaining()).as("bytes left after reading '%s'", signature).isZero();
        return values;
    }

    private static ProtocolException readFails(String signature, byte[] bytes) {
        var r = new WireReader(bytes, 0, bytes.length, LE);
        var e = catchThrowableOfType(ProtocolException.class, () -> r.readAll(Signature.of(signature).types()));
        assertThat(e).as("reading '%s' from %s must fail", signature, hex(bytes)).isNotNull();
        return e;
    }

    /** A method return carrying {@code values}, serialized; for the argument-naming messages. */
    private static byte[] serializeBody(String signature, Object... values) {
        return Message.builder(MessageType.METHOD_RETURN).replySerial(1).body(signature, values).build().serialize(2);
    }

    // ------------------------------------------------------------------ padding

    @Test
    void emptyArrayOf8AlignedElementsIsStillPaddedToTheElementAlignment() {
        // length 0 at offset 0, then 4 padding bytes up to the (absent) first element's boundary
        assertThat(hex(write("at", LE, List.of()))).isEqualTo("00000000" + "00000000");
        assertThat(hex(write("a(i)", LE, List.of()))).isEqualTo("00000000" + "00000000");
        assertThat(hex(write("a{sv}", LE, Map.of()))).isEqualTo("00000000" + "00000000");
        // after a UINT64 the length sits at 8 and the padding runs to 16
        assertThat(hex(write("ta(i)", LE, 42L, List.of()))).isEqualTo("2a00000000000000" + "00000000" + "00000000");
        // after a byte: 3 bytes of padding before the length, none after (8 is aligned)
        assertThat(hex(write("yat", BE, (byte) 1, List.of()))).isEqualTo("01000000" + "00000000");
        // in a message the body is 8 bytes although the array is empty
        byte[] m = serializeBody("a{sv}", Map.of());
        assertThat(hex(Arrays.copyOfRange(m, m.length - 8, m.length))).isEqualTo("0000000000000000");
        assertThat(m[4]).as("body length").isEqualTo((byte) 8);
        // reading requires that padding: without it the data is truncated
        assertThat(read("at", hex("00000000 00000000"), LE)).containsExactly(List.of());
        assertThat(readFails("at", hex("00000000")).getMessage()).contains("alignment padding");
        assertThat(readFails("a{sv}", hex("00000000 00000100")).offset()).isEqualTo(6);
    }

    @Test
    void variantInVariantInVariant() {
        var v = Variant.of("v", Variant.of("v", Variant.of("u", 7L)));
        // three signatures "v", "v", "u" (3 bytes each), padding to 12, then the UINT32
        assertThat(hex(write("v", LE, v))).isEqualTo("017600" + "017600" + "017500" + "000000" + "07000000");
        assertThat(hex(write("v", BE, v))).isEqualTo("017600" + "017600" + "017500" + "000000" + "00000007");
        assertThat(read("v", write("v", LE, v), LE)).containsExactly(v);
        assertThat(read("v", write("v", BE, v), BE)).containsExactly(v);
    }

    @Test
    void nonZeroPaddingByteIsRejected() {
        // "yu": the byte, then 3 padding bytes of which the second is 1
        var e = readFails("yu", hex("01 00 01 00 05000000"));
        assertThat(e.offset()).isEqualTo(2);
        assertThat(e.getMessage()).contains("padding byte is 1");
    }

    @Test
    void everyNonZeroPaddingByteIsRejectedWhateverThePadAndWhateverFollows() {
        // k BYTEs, then 8 - k padding bytes before a UINT64: every pad length, a non-zero byte at
        // every place in it, with the eight bytes of the UINT64 after it (the reader checks a
        // pad eight bytes at a time where eight remain) and with the data cut short after it.
        for (int k = 1; k < 8; k++) {
            String signature = "y".repeat(k) + "t";
            byte[] good = new byte[16];
            Arrays.fill(good, 0, k, (byte) 1);
            good[8] = 42;
            assertThat(read(signature, good, LE)).as("'%s' with zero padding", signature).last().isEqualTo(42L);
            for (int at = k; at < 8; at++) {
                for (int value : new int[] {1, 0x80, 0xFF}) {
                    byte[] bad = good.clone();
                    bad[at] = (byte) value;
                    var e = readFails(signature, bad);
                    assertThat(e.offset()).as("'%s', byte %d of the pad is %d", signature, at, value).isEqualTo(at);
                    assertThat(e.getMessage()).contains("padding byte is " + value);
                    var cut = readFails(signature, Arrays.copyOf(bad, 8));
                    assertThat(cut.getMessage()).as("cut short after the pad").contains("padding byte is " + value);
                }
            }
        }
    }

    @Test
    void aReusedWriterPadsWithZerosOverWhatItWroteBefore() {
        // The writer stores padding a word at a time over its old contents: every pad of every
        // length, before a string, an int, an int64 and a struct, must still come out zero.
        byte[] junk = new byte[256];
        Arrays.fill(junk, (byte) 0xFF);
        for (int k = 0; k < 8; k++) {
            String prefix = "y".repeat(k);
            Object[] bytes = new Object[k];
            Arrays.fill(bytes, (byte) 7);
            for (String last : new String[] {"s", "u", "t", "(y)", "ay"}) {
                Object value = switch (last) {
                    case "s" -> "text";
                    case "u" -> 5L;
                    case "t" -> 6L;
                    case "(y)" -> Struct.of((byte) 8);
                    default -> new byte[] {9};
                };
                Object[] values = Arrays.copyOf(bytes, k + 1);
                values[k] = value;
                var reused = new WireWriter(64, LE);
                reused.writeAll(Signature.of("ay").types(), List.of(junk));
                reused.reset(LE);
                reused.writeAll(Signature.of(prefix + last).types(), Arrays.asList(values));
                assertThat(hex(reused.toByteArray())).as("'%s%s' written over 0xFF bytes", prefix, last)
                        .isEqualTo(hex(write(prefix + last, LE, values)));
            }
        }
    }

    // ------------------------------------------------------------------ booleans and numbers

    @Test
    void booleanValue2IsRejectedOnRead() {
        var e = readFails("yb", hex("01000000 02000000"));
        assertThat(e.offset()).isEqualTo(4);
        assertThat(e.getMessage()).contains("boolean value 2 is neither 0 nor 1").contains("(at offset 4)");
        assertThat(read("b", hex("01000000"), LE)).containsExactly(true);
    }

    @Test
    void uint32GivenMinus1NamesTheArgumentAndTheRange() {
        assertThatThrownBy(() -> serializeBody("u", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0")
                .hasMessageContaining("0..4294967295");
        assertThatThrownBy(() -> serializeBody("su", "ok", 1L << 32))
                .hasMessageContaining("argument 1")
                .hasMessageContaining("0..4294967295");
    }

    @Test
    void byteGiven256IsOutOfRange() {
        assertThatThrownBy(() -> serializeBody("y", 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0")
                .hasMessageContaining("0..255");
        assertThat(hex(write("y", LE, 255))).isEqualTo("ff");
    }

    @Test
    void uint16Given70000IsOutOfRange() {
        assertThatThrownBy(() -> serializeBody("q", 70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0")
                .hasMessageContaining("0..65535");
        assertThat(read("q", write("q", LE, 65535), LE)).containsExactly(65535);
    }

    @Test
    void uint64GivenANegativeBigIntegerIsOutOfRange() {
        assertThatThrownBy(() -> serializeBody("t", BigInteger.valueOf(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0")
                .hasMessageContaining("0..18446744073709551615");
        assertThatThrownBy(() -> serializeBody("t", BigInteger.ONE.shiftLeft(64)))
                .hasMessageContaining("0..18446744073709551615");
        byte[] max = write("t", LE, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        assertThat(hex(max)).isEqualTo("ffffffffffffffff");
        assertThat(Long.toUnsignedString((Long) read("t", max, LE).getFirst())).isEqualTo("18446744073709551615");
    }

    // ------------------------------------------------------------------ strings

    @Test
    void stringWithEmbeddedNulIsRejectedOnWrite() {
        assertThatThrownBy(() -> serializeBody("ss", "fine", "a\0b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 1")
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> serializeBody("as", List.of("x", "\0")))
                .hasMessageContaining("argument 0")
                .hasMessageContaining("[1]");
    }

    @Test
    void stringWithEmbeddedNulIsRejectedOnRead() {
        // length 3: 'a', NUL, 'b', then the terminating NUL
        var e = readFails("s", hex("03000000 61 00 62 00"));
        assertThat(e.offset()).isEqualTo(5);
        assertThat(e.getMessage()).contains("NUL");
    }

    @Test
    void aNulOrANonAsciiByteIsFoundAtEveryPositionOfAString() {
        // ASCII is checked eight bytes at a time, then byte by byte: every position of every
        // length up to 40 must be seen, in a value and in a dict key.
        for (int len = 1; len <= 40; len++) {
            for (int at = 0; at < len; at++) {
                byte[] text = "x".repeat(len).getBytes(StandardCharsets.US_ASCII);
                byte[] plain = write("s", LE, new String(text, StandardCharsets.US_ASCII));
                plain[4 + at] = 0;
                var e = readFails("s", plain);
                assertThat(e.offset()).as("NUL at %d of %d", at, len).isEqualTo(4 + at);
                assertThat(e.getMessage()).contains("NUL");

                String accented = "x".repeat(at) + "é" + "x".repeat(len - at - 1);
                assertThat(read("s", write("s", LE, accented), LE)).containsExactly(accented);
                var dict = Map.of(accented, Variant.of("u", 1L));
                assertThat(read("a{sv}", write("a{sv}", LE, dict), LE)).containsExactly(dict);

                byte[] high = write("s", LE, new String(text, StandardCharsets.US_ASCII));
                high[4 + at] = (byte) 0xff;
                assertThat(readFails("s", high).getMessage()).contains("0xff");
            }
        }
    }

    @Test
    void everyNonAsciiCharIsEncodedAsUtf8AtEveryPositionOfAString() {
        // The writer copies a string's chars as bytes and checks them all afterwards: a char whose
        // low byte looks like ASCII (U+0141 'Ł' ends in 0x41 'A', U+0100 in 0x00) must still be
        // caught and written as UTF-8, wherever it is, and a NUL anywhere must still be refused.
        String[] odd = {"é", "Ł", "Ā", "ƀ", "\u00ff", "\u0080", "😀", "\u7f41"};
        for (int len = 1; len <= 40; len++) {
            for (int at = 0; at < len; at++) {
                for (String c : odd) {
                    String s = "x".repeat(at) + c + "x".repeat(len - at - 1);
                    byte[] wire = write("s", LE, s);
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    assertThat(Arrays.copyOfRange(wire, 4, wire.length - 1)).as("%s at %d of %d", c, at, len).isEqualTo(utf8);
                    assertThat(read("s", wire, LE)).containsExactly(s);
                }
                String withNul = "x".repeat(at) + "\0" + "x".repeat(len - at - 1);
                assertThatThrownBy(() -> write("s", LE, withNul)).as("NUL at %d of %d", at, len).hasMessageContaining("NUL");
            }
        }
    }

    @Test
    void stringNotFollowedByNulIsRejectedOnRead() {
        var e = readFails("s", hex("01000000 61 62"));
        assertThat(e.offset()).isEqualTo(5);
        assertThat(e.getMessage()).contains("not followed by a NUL");
    }

    @Test
    void invalidUtf8IsRejectedOnRead() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("overlong 2-byte '/'", "c0af");
        cases.put("overlong 3-byte '/'", "e080af");
        cases.put("overlong 4-byte '/'", "f08080af");
        cases.put("surrogate U+D800", "eda080");
        cases.put("surrogate U+DFFF", "edbfbf");
        cases.put("above U+10FFFF", "f4908080");
        cases.put("lead byte F5", "f5808080");
        cases.put("truncated 3-byte sequence at the end", "41e282");
        cases.put("truncated 2-byte sequence at the end", "c3");
        cases.put("missing continuation byte", "e228a1");
        cases.put("lone continuation byte", "80");
        cases.put("byte FF", "ff");
        for (var c : cases.entrySet()) {
            byte[] text = hex(c.getValue());
            byte[] bytes = new byte[4 + text.length + 1];
            bytes[0] = (byte) text.length;
            System.arraycopy(text, 0, bytes, 4, text.length);
            var e = readFails("s", bytes);
            assertThat(e).as(c.getKey()).isNotNull();
            assertThat(e.offset()).as("offset for %s: %s", c.getKey(), e.getMessage()).isBetween(4L, 4L + text.length);
        }
        // the valid 4-byte form (U+1F600) is accepted
        assertThat(read("s", hex("04000000 f09f9880 00"), LE)).containsExactly("\uD83D\uDE00");
    }

    @Test
    void unpairedSurrogateIsRejectedOnWrite() {
        for (String s : List.of("a\uD800b", "\uDC00", "x\uD83D", "\uDE00\uD83D")) {
            assertThatThrownBy(() -> serializeBody("s", s)).as("string %s", s.codePoints().boxed().toList())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("argument 0")
                    .hasMessageContaining("unpaired surrogate");
        }
        assertThat(hex(write("s", LE, "\uD83D\uDE00"))).isEqualTo("04000000" + "f09f9880" + "00");
    }

    @Test
    void invalidObjectPathIsRejectedOnWriteAndRead() {
        for (String bad : List.of("", "a/b", "/a/", "//", "/a//b", "/a-b", "/\u00e9")) {
            assertThatThrownBy(() -> serializeBody("o", bad)).as("object path '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("argument 0")
                    .hasMessageContaining("invalid object path");
        }
        assertThat(read("o", write("o", LE, "/a/b_1"), LE)).containsExactly(ObjectPath.of("/a/b_1"));
        // "/a/" as an 'o' after a byte: the string starts at offset 4
        var e = readFails("yo", hex("01000000 03000000 2f612f 00"));
        assertThat(e.offset()).isEqualTo(4);
        assertThat(e.getMessage()).contains("invalid object path '/a/'");
    }

    @Test
    void invalidSignatureIsRejectedForGOnWriteAndRead() {
        for (String bad : List.of("a", "(", "()", "a{vs}", "{sv}", "z", "a{s}", "(i))")) {
            assertThatThrownBy(() -> serializeBody("g", bad)).as("signature '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("argument 0");
        }
        assertThatThrownBy(() -> serializeBody("g", "y".repeat(256))).hasMessageContaining("255");
        assertThat(read("g", write("g", LE, "a{sv}"), LE)).containsExactly(Signature.of("a{sv}"));
        assertThat(readFails("g", hex("01 61 00")).getMessage()).contains("'a'");
        assertThat(readFails("g", hex("05 617b76737d 00")).getMessage()).contains("key must be a basic type");
        assertThat(readFails("g", hex("01 7a 00")).offset()).isEqualTo(1);
        assertThat(readFails("g", hex("01 e9 00")).getMessage()).contains("not a type code");
    }

    // ------------------------------------------------------------------ containers

    @Test
    void structWithWrongFieldCountIsRejectedOnWrite() {
        assertThatThrownBy(() -> serializeBody("(is)", Struct.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0")
                .hasMessageContaining("has 2 fields but 1 values");
        assertThatThrownBy(() -> serializeBody("(i)", List.of(1, 2))).hasMessageContaining("has 1 fields but 2 values");
    }

    @Test
    void arrayWhoseElementsOverrunItsLengthIsRejected() {
        // "as" claims 5 bytes, but its one element "abc" takes 8 (length, text, NUL)
        var e = readFails("as", hex("05000000 03000000 616263 00"));
        assertThat(e.getMessage()).contains("array elements end at offset 12 but the array length says 9");
        // "a(yy)" claims 1 byte, but a struct of two bytes takes 2
        assertThat(readFails("a(yy)", hex("01000000 00000000 0102")).getMessage()).contains("array elements end");
        // a fixed-size array whose length is not a multiple of its element size
        var fixed = readFails("ai", hex("06000000 01000000 0200"));
        assertThat(fixed.offset()).isEqualTo(0);
        assertThat(fixed.getMessage()).contains("not a multiple of 4");
    }

    @Test
    void dictWithDuplicateKeysIsRejected() {
        // a{sy}: length 15, padding to 8, entry ("k", 1), padding, entry ("k", 2)
        var e = readFails("a{sy}", hex("0f000000 00000000 01000000 6b00 01 00 01000000 6b00 02"));
        assertThat(e.offset()).isEqualTo(16);
        assertThat(e.getMessage()).contains("dict contains the key \"k\" twice");
        // past 16 entries the reader switches to a hash index: make the 18th key repeat the first
        var map = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < 18; i++) {
            map.put(String.format("k%02d", i), i);
        }
        byte[] bytes = write("a{si}", LE, map);
        byte[] last = "k17".getBytes(StandardCharsets.US_ASCII);
        int at = lastIndexOf(bytes, last);
        bytes[at + 1] = '0';
        bytes[at + 2] = '0';
        assertThat(readFails("a{si}", bytes).getMessage()).contains("dict contains the key \"k00\" twice");
    }

    @Test
    void propertyDictsTakeEveryKindOfKeyAndValueTheGeneralPathTakes() {
        // a{sv} entries go straight to the string and variant code; keys that are other
        // CharSequences and values that are not Variants must still be written as before.
        var mixed = new LinkedHashMap<Object, Object>();
        mixed.put("plain", Variant.of("u", 7L));
        mixed.put(new StringBuilder("built"), Variant.of("s", "x"));
        mixed.put("inferred", 42);
        mixed.put("nested", Variant.of("v", Variant.of("as", List.of("a", "b"))));
        mixed.put("ünïcode", Variant.of("s", "välue"));
        var expected = new LinkedHashMap<String, Variant>();
        expected.put("plain", Variant.of("u", 7L));
        expected.put("built", Variant.of("s", "x"));
        expected.put("inferred", Variant.of("i", 42));
        expected.put("nested", Variant.of("v", Variant.of("as", List.of("a", "b"))));
        expected.put("ünïcode", Variant.of("s", "välue"));
        for (ByteOrder order : List.of(LE, BE)) {
            byte[] fast = write("a{sv}", order, mixed);
            assertThat(fast).as("a{sv} written from the mixed map equals the typed one (%s)", order)
                    .isEqualTo(write("a{sv}", order, expected));
            assertThat(read("a{sv}", fast, order)).containsExactly(expected);
        }
        // and a bad entry is still named by its key
        var bad = new LinkedHashMap<Object, Object>();
        bad.put("ok", Variant.of("u", 1L));
        bad.put("broken", Variant.of("u", -1L));
        assertThatThrownBy(() -> serializeBody("a{sv}", bad))
                .hasMessageContaining("{\"broken\"}")
                .hasMessageContaining("0..4294967295");
        var badKey = new LinkedHashMap<Object, Object>();
        badKey.put(5, Variant.of("u", 1L));
        assertThatThrownBy(() -> serializeBody("a{sv}", badKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a value for 's'");
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    // ------------------------------------------------------------------ nesting

    @Test
    void thirtyTwoNestedArraysAreAllowedThirtyThreeAreNot() {
        assertThat(Signature.of("a".repeat(32) + "y").toString()).hasSize(33);
        assertThatThrownBy(() -> Signature.of("a".repeat(33) + "y"))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("32 nested arrays");
        assertThat(Signature.isValid("(".repeat(32) + "y" + ")".repeat(32))).isTrue();
        assertThat(Signature.isValid("(".repeat(33) + "y" + ")".repeat(33))).isFalse();
        // the same limit when the signature arrives in a variant
        byte[] variant = new byte[3 + 33 + 1];
        variant[0] = 34;
        Arrays.fill(variant, 1, 34, (byte) 'a');
        variant[34] = 'y';
        assertThat(readFails("v", variant).getMessage()).contains("32 nested arrays");
    }

    /** {@code n} variants each holding the next, the innermost a BYTE 42, built by hand. */
    private static byte[] nestedVariants(int n) {
        byte[] b = new byte[3 * n + 1];
        for (int i = 0; i < n; i++) {
            b[3 * i] = 1;
            b[3 * i + 1] = (byte) (i == n - 1 ? 'y' : 'v');
        }
        b[3 * n] = 42;
        return b;
    }

    @Test
    void sixtyFiveNestedVariantsAreRejectedOnRead() {
        Object v = read("v", nestedVariants(64), LE).getFirst();
        for (int i = 0; i < 63; i++) {
            v = ((Variant) v).value();
        }
        assertThat(v).isEqualTo(Variant.of("y", (byte) 42));
        var e = readFails("v", nestedVariants(65));
        assertThat(e.getMessage()).contains("nested more than 64");
        assertThat(e.offset()).isEqualTo(3 * 64);
        // the writer refuses to produce them
        Object deep = Variant.of("y", (byte) 42);
        for (int i = 1; i < 65; i++) {
            deep = Variant.of("v", deep);
        }
        Object tooDeep = deep;
        assertThatThrownBy(() -> write("v", LE, tooDeep)).hasMessageContaining("nested more than 64");
    }

    // ------------------------------------------------------------------ byte order

    @Test
    void bigAndLittleEndianOfTheSameMessageParseToEqualValues() {
        var dict = new LinkedHashMap<String, Object>();
        dict.put("n", Variant.of("n", (short) -300));
        dict.put("t", Variant.of("t", 0x8000_0000_0000_0001L));
        Message m = Message.builder(MessageType.SIGNAL).path("/a").interfaceName("a.b").member("C")
                .body("yqiuxdsogayava{sv}(nat)", (byte) 0x81, 0xfffe, -123456, 0xfedc_ba98L, Long.MIN_VALUE + 1, Math.PI,
                        "\u00e9\uD83D\uDE00", ObjectPath.of("/x"), Signature.of("a(ii)"), new byte[] {1, -2},
                        List.of(Variant.of("q", 7)), dict, Struct.of((short) 1, List.of(2L, -1L)))
                .build();
        byte[] le = m.serialize(9, LE);
        byte[] be = m.serialize(9, BE);
        assertThat(le[0]).isEqualTo((byte) 'l');
        assertThat(be[0]).isEqualTo((byte) 'B');
        assertThat(be).hasSameSizeAs(le).isNotEqualTo(le);
        Message fromLe = CapturedVectorsTest.parseEveryWay(le);
        Message fromBe = CapturedVectorsTest.parseEveryWay(be);
        assertThat(fromLe.byteOrder()).isEqualTo(LE);
        assertThat(fromBe.byteOrder()).isEqualTo(BE);
        CapturedVectorsTest.assertSameMessage(fromLe, m, LE);
        CapturedVectorsTest.assertSameMessage(fromBe, m, BE);
        assertThat(Values.deepEquals(fromLe.body(), fromBe.body())).isTrue();
        assertThat(fromBe.serialize(9)).as("re-serialized in the order it was read").isEqualTo(be);
        assertThat(fromBe.serialize(9, LE)).isEqualTo(le);
    }
}
