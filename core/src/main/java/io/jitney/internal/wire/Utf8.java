package io.jitney.internal.wire;

/**
 * Strict UTF-8 validation as the spec requires for string-like values ("Basic types"): no
 * overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequences, and no U+0000.
 * Noncharacters are allowed (spec 0.21, Unicode Corrigendum #9).
 */
final class Utf8 {
    private Utf8() {}

    /** Builds the exception for a problem at an absolute index. */
    interface ErrorFactory {
        RuntimeException at(int index, String problem);
    }

    static void validate(byte[] b, int from, int end, ErrorFactory error) {
        int i = from;
        while (i < end) {
            int c = b[i];
            if (c > 0) {
                i++;
                continue;
            }
            if (c == 0) {
                throw error.at(i, "contains a NUL byte");
            }
            c &= 0xff;
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                throw error.at(i, "byte 0x" + Integer.toHexString(c) + " cannot start a UTF-8 sequence");
            }
            if (end - i <= need) {
                throw error.at(i, "UTF-8 sequence is truncated");
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xC0) != 0x80) {
                    throw error.at(i + k, "byte 0x" + Integer.toHexString(cc) + " is not a UTF-8 continuation byte");
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min) {
                throw error.at(i, "overlong UTF-8 encoding of U+" + Integer.toHexString(cp));
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                throw error.at(i, "UTF-8 encoding of a surrogate U+" + Integer.toHexString(cp));
            }
            if (cp > 0x10FFFF) {
                throw error.at(i, "code point U+" + Integer.toHexString(cp) + " is above U+10FFFF");
            }
            i += need + 1;
        }
    }
}
