package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.NoMemory}: The peer ran out of memory while handling the call. */
public final class NoMemoryException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.NoMemory";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public NoMemoryException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
