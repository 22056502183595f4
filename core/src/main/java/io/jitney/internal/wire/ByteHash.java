package io.jitney.internal.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A fast, well-mixed hash of a byte range, for the direct-mapped caches that recognise bytes
 * seen before (names, signatures, whole header-field blocks). Eight bytes per step: the ranges
 * are short and hashed on every message.
 */
public final class ByteHash {
    private ByteHash() {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** The hash of {@code b[off, off + len)}. */
    public static int hash(byte[] b, int off, int len) {
        long h = len * 0x9E3779B97F4A7C15L;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * 0xBF58476D1CE4E5B9L;
        }
        if (i + 4 <= end) {
            h = (h ^ ((int) INTS.get(b, i) & 0xFFFF_FFFFL)) * 0x94D049BB133111EBL;
            i += 4;
        }
        for (; i < end; i++) {
            h = (h ^ b[i]) * 0x9E3779B97F4A7C15L;
        }
        h ^= h >>> 31;
        return (int) (h ^ (h >>> 17));
    }
}
