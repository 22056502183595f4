package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.NoServer}: No server was listening at the address. */
public final class NoServerException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.NoServer";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public NoServerException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
