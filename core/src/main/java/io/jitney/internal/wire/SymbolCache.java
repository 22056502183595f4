package io.jitney.internal.wire;

import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.SignatureException;
import java.nio.charset.StandardCharsets;

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

    private static final String[] STRINGS = new String[SLOTS];
    private static final ObjectPath[] PATHS = new ObjectPath[SLOTS];
    private static final Signature[] SIGNATURES = new Signature[SLOTS];

    private static int slot(byte[] b, int off, int len) {
        int h = len;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + b[i];
        }
        h ^= h >>> 16;
        return h & (SLOTS - 1);
    }

    private static boolean same(String s, byte[] b, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != b[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** An ASCII string (the caller has checked every byte is 1..127) of at most MAX_LENGTH bytes. */
    static String string(byte[] b, int off, int len) {
        int slot = slot(b, off, len);
        String s = STRINGS[slot];
        if (s != null && same(s, b, off, len)) {
            return s;
        }
        s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        STRINGS[slot] = s;
        return s;
    }

    /**
     * An object path from ASCII bytes, validated on a miss.
     *
     * @return the path, or null if the text is not a valid object path (the caller reports it)
     */
    static ObjectPath path(byte[] b, int off, int len) {
        int slot = slot(b, off, len);
        ObjectPath p = PATHS[slot];
        if (p != null && same(p.value(), b, off, len)) {
            return p;
        }
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        if (!ObjectPath.isValid(s)) {
            return null;
        }
        p = new ObjectPath(s);
        PATHS[slot] = p;
        return p;
    }

    /**
     * A signature from ASCII bytes, parsed on a miss.
     *
     * @throws SignatureException if the text is not a valid signature
     */
    static Signature signature(byte[] b, int off, int len) {
        int slot = slot(b, off, len);
        Signature sig = SIGNATURES[slot];
        if (sig != null && same(sig.toString(), b, off, len)) {
            return sig;
        }
        sig = Signature.of(new String(b, off, len, StandardCharsets.ISO_8859_1));
        SIGNATURES[slot] = sig;
        return sig;
    }
}
