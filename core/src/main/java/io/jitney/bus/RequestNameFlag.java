package io.jitney.bus;

import java.util.Set;

/**
 * The flags of {@code org.freedesktop.DBus.RequestName} (spec, "Message Bus Interface",
 * "Method: org.freedesktop.DBus.RequestName"), with their bits.
 */
public enum RequestNameFlag {
    /**
     * {@code DBUS_NAME_FLAG_ALLOW_REPLACEMENT}: another connection may take the name with
     * {@link #REPLACE_EXISTING}.
     */
    ALLOW_REPLACEMENT(0x1),
    /** {@code DBUS_NAME_FLAG_REPLACE_EXISTING}: take the name if its owner allows replacement. */
    REPLACE_EXISTING(0x2),
    /** {@code DBUS_NAME_FLAG_DO_NOT_QUEUE}: fail rather than wait in the queue for the name. */
    DO_NOT_QUEUE(0x4);

    private final int bit;

    RequestNameFlag(int bit) {
        this.bit = bit;
    }

    /** The flag's bit in the {@code UINT32} argument. */
    public int bit() {
        return bit;
    }

    /** The bits of a set of flags, OR-ed together. */
    public static int toBits(Set<RequestNameFlag> flags) {
        int bits = 0;
        for (RequestNameFlag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }
}
