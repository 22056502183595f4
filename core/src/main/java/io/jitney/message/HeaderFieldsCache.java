package io.jitney.message;

import io.jitney.internal.wire.ByteHash;
import java.util.Arrays;

/**
 * Header-field blocks parsed before, by their exact bytes. The calls a service receives and the
 * signals a client receives repeat the same fields message after message (path, interface,
 * member, destination, sender, signature): when the bytes of a block equal those of one that
 * parsed and validated cleanly, its values are taken as they are instead of being read and
 * validated again. Replies are not cached: their {@code REPLY_SERIAL} differs every time.
 *
 * <p>A direct-mapped table shared by all threads without locks, as the symbol cache is: each
 * slot holds one immutable entry, and a hit compares every byte, so a racing reader sees an old
 * entry or a new one and either is right for its own bytes. A block takes an occupied slot only
 * when it misses there twice in a row: traffic that never repeats (many objects, many senders)
 * then costs a hash and a comparison per message, not an entry.
 */
final class HeaderFieldsCache {
    private HeaderFieldsCache() {}

    /** Longer blocks are parsed every time: they are rare and cost more to compare. */
    static final int MAX_BYTES = 512;
    private static final int SLOTS = 256;

    private record Entry(byte[] bytes, boolean bigEndian, HeaderFields fields) {
        boolean matches(byte[] b, int off, int len, boolean bigEndian) {
            return this.bigEndian == bigEndian && Arrays.equals(bytes, 0, bytes.length, b, off, off + len);
        }
    }

    /**
     * The block one parser found last. A connection mostly receives the same call or signal
     * again and again, and comparing with the last block is cheaper than hashing: the hash
     * walks the block as a chain of multiplications, the comparison is the JDK's vectorised
     * {@code Arrays.equals}, which also stops at the first difference when the block is another.
     * Owned by one parser (not thread-safe).
     */
    static final class Recent {
        private Entry entry;
    }

    private static final Entry[] TABLE = new Entry[SLOTS];
    /** Per slot, the hash of the last block that missed there (racy by design: only a hint). */
    private static final int[] MISSED = new int[SLOTS];

    /** The hash of the block {@code b[off, off + len)}, which picks its slot. */
    static int hash(byte[] b, int off, int len) {
        return ByteHash.hash(b, off, len);
    }

    /** The fields of the block {@code b[off, off + len)} if {@code recent} found it last, else null. */
    static HeaderFields findRecent(Recent recent, byte[] b, int off, int len, boolean bigEndian) {
        Entry e = recent.entry;
        return e != null && e.matches(b, off, len, bigEndian) ? e.fields : null;
    }

    /**
     * The fields of the block {@code b[off, off + len)} if it is in its slot, else null; a hit
     * becomes {@code recent}'s.
     */
    static HeaderFields find(int hash, byte[] b, int off, int len, boolean bigEndian, Recent recent) {
        Entry e = TABLE[hash & (SLOTS - 1)];
        if (e != null && e.matches(b, off, len, bigEndian)) {
            recent.entry = e;
            return e.fields;
        }
        return null;
    }

    /**
     * Offers the fields parsed (and validated) from the block {@code b[off, off + len)}, which
     * just missed: it is stored if its slot is free or it missed there last time too.
     */
    static void offer(int hash, byte[] b, int off, int len, boolean bigEndian, HeaderFields fields) {
        int slot = hash & (SLOTS - 1);
        if (TABLE[slot] == null || MISSED[slot] == hash) {
            TABLE[slot] = new Entry(Arrays.copyOfRange(b, off, off + len), bigEndian, fields);
        } else {
            MISSED[slot] = hash;
        }
    }
}
