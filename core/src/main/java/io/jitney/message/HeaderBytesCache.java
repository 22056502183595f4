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
 * new one and either is right for its own values.
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

    /** The slot of a message's header values (those hash codes are cached by their objects). */
    static int slot(Message m) {
        int h = Objects.hashCode(m.member());
        h = h * 31 + Objects.hashCode(m.path());
        h = h * 31 + Objects.hashCode(m.interfaceName());
        h = h * 31 + Objects.hashCode(m.destination());
        h = h * 31 + m.signature().hashCode();
        h ^= h >>> 16;
        return (h * 0x9E3779B9 >>> 24) & (SLOTS - 1);
    }

    /** The encoded fields of a message like {@code m} (same header values, same order), or null. */
    static byte[] find(int slot, Message m, ByteOrder order) {
        Entry e = TABLE[slot];
        return e != null && e.matches(m, order) ? e.bytes : null;
    }

    /** Remembers the field block {@code b[off, off + len)} encoded for {@code m}. */
    static void store(int slot, Message m, ByteOrder order, byte[] b, int off, int len) {
        TABLE[slot] = new Entry(m.path(), m.interfaceName(), m.member(), m.errorName(), m.destination(), m.sender(),
                m.signature(), order, Arrays.copyOfRange(b, off, off + len));
    }
}
