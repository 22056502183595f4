package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Spawn.NoMemory}: Activation ran out of memory. */
public final class SpawnNoMemoryException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Spawn.NoMemory";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SpawnNoMemoryException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
