package io.jitney.internal.wire;

import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.SignatureException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Direct-mapped caches of short ASCII strings, object paths and signatures that recur from
 * message to message: header fields (interfaces, members, bus names, paths), dict keys
 * (property names) and variant signatures. A hit returns the value decoded (and validated)
 * earlier without allocating; a miss decodes and replaces the slot. The tables hold immutable
 * objects and are shared across threads without locks: a racing reader sees either the old or
 * the new entry, and both are correct for their own bytes, which are compared on every hit.
 */
final class SymbolCache {
    private SymbolCache() {}

    /** Longer strings are decoded directly: they rarely repeat and cost more to compare. */
    static final int MAX_LENGTH = 64;
    private static final int SLOTS = 1024;

    /**
     * A cached value with the bytes it was decoded from: one immutable object per slot, so that a
     * racing reader never pairs one entry's bytes with another's value, and a hit compares bytes
     * with bytes (eight at a time; {@link Arrays#equals(byte[], int, int, byte[], int, int)} beyond 32)
     * rather than looping over {@code String.charAt}.
     */
    private record Entry<T>(byte[] bytes, T value) {
        boolean matches(byte[] b, int off, int len) {
            byte[] x = bytes;
            if (x.length != len) {
                return false;
            }
            if (len > 32) {
                return Arrays.equals(x, 0, len, b, off, off + len);
            }
            int i = 0;
            for (; i + 8 <= len; i += 8) { // short keys: eight bytes at a time beats the intrinsic's setup
                if ((long) LONGS.get(x, i) != (long) LONGS.get(b, off + i)) {
                    return false;
                }
            }
            for (; i < len; i++) {
                if (x[i] != b[off + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The one-type-code signatures, looked up without hashing. */
    private static final Signature[] SINGLE = new Signature[128];

    static {
        for (char c : "ybnqiuxtdhsogv".toCharArray()) {
            SINGLE[c] = Signature.of(String.valueOf(c));
        }
    }

    private static final Entry<?>[] STRINGS = new Entry<?>[SLOTS];
    private static final Entry<?>[] PATHS = new Entry<?>[SLOTS];
    private static final Entry<?>[] SIGNATURES = new Entry<?>[SLOTS];

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static int slot(byte[] b, int off, int len) {
        return ByteHash.hash(b, off, len) & (SLOTS - 1);
    }

    /**
     * A string of at most eight bytes, as one little-endian {@code long} (zero above its
     * length): most dict keys and many names. Hashed with one multiply and compared in one step.
     */
    private record ShortEntry(long packed, int length, String value) {}

    private static final ShortEntry[] SHORT_STRINGS = new ShortEntry[SLOTS];
    /** Takes the top bits of a 64-bit product as the slot. */
    private static final int SHORT_SHIFT = 64 - Integer.numberOfTrailingZeros(SLOTS);

    /** An ASCII string (the caller has checked every byte is 1..127) of at most MAX_LENGTH bytes. */
    static String string(byte[] b, int off, int len) {
        if (len <= 8 && b.length - off >= 8) {
            long packed = len == 8 ? (long) LONGS.get(b, off) : (long) LONGS.get(b, off) & ((1L << (len << 3)) - 1);
            int shortSlot = (int) (((packed + len) * 0x9E3779B97F4A7C15L) >>> SHORT_SHIFT);
            ShortEntry e = SHORT_STRINGS[shortSlot];
            if (e != null && e.packed == packed && e.length == len) {
                return e.value;
            }
            return addShortString(shortSlot, packed, b, off, len);
        }
        int slot = slot(b, off, len);
        Entry<?> e = STRINGS[slot];
        if (e != null && e.matches(b, off, len)) {
            return (String) e.value();
        }
        return addString(slot, b, off, len);
    }

    private static String addShortString(int slot, long packed, byte[] b, int off, int len) {
        String s = WireReader.ascii(b, off, len);
        SHORT_STRINGS[slot] = new ShortEntry(packed, len, s);
        return s;
    }

    /** A miss: decodes and takes the slot (out of line, so that the hit path stays small). */
    private static String addString(int slot, byte[] b, int off, int len) {
        String s = WireReader.ascii(b, off, len);
        STRINGS[slot] = new Entry<>(Arrays.copyOfRange(b, off, off + len), s);
        return s;
    }

    /**
     * An object path from ASCII bytes, validated on a miss.
     *
     * @return the path, or null if the text is not a valid object path (the caller reports it)
     */
    static ObjectPath path(byte[] b, int off, int len) {
        int slot = slot(b, off, len);
        Entry<?> e = PATHS[slot];
        if (e != null && e.matches(b, off, len)) {
            return (ObjectPath) e.value();
        }
        String s = WireReader.ascii(b, off, len);
        if (!ObjectPath.isValid(s)) {
            return null;
        }
        ObjectPath p = new ObjectPath(s);
        PATHS[slot] = new Entry<>(Arrays.copyOfRange(b, off, off + len), p);
        return p;
    }

    /**
     * A signature from ASCII bytes, parsed on a miss.
     *
     * @throws SignatureException if the text is not a valid signature
     */
    static Signature signature(byte[] b, int off, int len) {
        if (len == 1 && b[off] > 0 && SINGLE[b[off]] != null) {
            return SINGLE[b[off]]; // the common variant signatures: "s", "u", "v", ...
        }
        int slot = slot(b, off, len);
        Entry<?> e = SIGNATURES[slot];
        if (e != null && e.matches(b, off, len)) {
            return (Signature) e.value();
        }
        Signature sig = Signature.of(WireReader.ascii(b, off, len));
        SIGNATURES[slot] = new Entry<>(Arrays.copyOfRange(b, off, off + len), sig);
        return sig;
    }
}
