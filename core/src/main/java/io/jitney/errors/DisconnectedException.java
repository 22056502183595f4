package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Disconnected}: The connection is (or was) disconnected. */
public final class DisconnectedException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Disconnected";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public DisconnectedException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
