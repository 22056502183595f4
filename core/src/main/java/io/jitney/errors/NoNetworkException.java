package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.NoNetwork}: The network needed for the operation is unavailable. */
public final class NoNetworkException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.NoNetwork";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public NoNetworkException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
