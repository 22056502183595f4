package io.jitney.message;

import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Header-field blocks written before, by the values they encode: a proxy calling a method, or a
 * service emitting a signal, sends the same path, interface, member, destination and signature
 * again and again, and copying their bytes is cheaper than encoding them. Messages with a
 * {@code REPLY_SERIAL} (replies and errors) are not cached: it differs every time.
 *
 * <p>A direct-mapped table shared by all threads without locks: each slot holds one immutable
 * entry, and a hit compares every value ({@code equals}, which is an identity check for the
 * shared constants that usually fill these fields), so a racing writer sees an old entry or a
 * new one and either is right for its own values. Values take an occupied slot only when they
 * miss there twice in a row, so that traffic that never repeats costs a hash and a comparison
 * per message, not an entry.
 */
final class HeaderBytesCache {
    private HeaderBytesCache() {}

    /** Longer blocks are encoded every time. */
    static final int MAX_BYTES = 512;
    private static final int SLOTS = 256;

    private record Entry(ObjectPath path, String interfaceName, String member, String errorName, String destination,
            String sender, Signature signature, ByteOrder order, byte[] bytes) {
        boolean matches(Message m, ByteOrder o) {
            return order == o && Objects.equals(member, m.member()) && Objects.equals(path, m.path())
                    && Objects.equals(interfaceName, m.interfaceName()) && Objects.equals(destination, m.destination())
                    && Objects.equals(signature, m.signature()) && Objects.equals(sender, m.sender())
                    && Objects.equals(errorName, m.errorName());
        }
    }

    private static final Entry[] TABLE = new Entry[SLOTS];
    /** Per slot, the hash of the last values that missed there (racy by design: only a hint). */
    private static final int[] MISSED = new int[SLOTS];

    /** The hash of a message's header values (their own hash codes are cached by their objects). */
    static int hash(Message m) {
        int h = Objects.hashCode(m.member());
        h = h * 31 + Objects.hashCode(m.path());
        h = h * 31 + Objects.hashCode(m.interfaceName());
        h = h * 31 + Objects.hashCode(m.destination());
        h = h * 31 + m.signature().hashCode();
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The encoded fields of a message like {@code m} (same header values, same order), or null. */
    static byte[] find(int hash, Message m, ByteOrder order) {
        Entry e = TABLE[hash & (SLOTS - 1)];
        return e != null && e.matches(m, order) ? e.bytes : null;
    }

    /**
     * Offers the field block {@code b[off, off + len)} just encoded for {@code m}: it is stored
     * if its slot is free or these values missed there last time too.
     */
    static void offer(int hash, Message m, ByteOrder order, byte[] b, int off, int len) {
        int slot = hash & (SLOTS - 1);
        if (TABLE[slot] == null || MISSED[slot] == hash) {
            TABLE[slot] = new Entry(m.path(), m.interfaceName(), m.member(), m.errorName(), m.destination(),
                    m.sender(), m.signature(), order, Arrays.copyOfRange(b, off, off + len));
        } else {
            MISSED[slot] = hash;
        }
    }
}
