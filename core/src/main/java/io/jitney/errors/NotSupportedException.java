package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.NotSupported}: The operation is not supported by the peer. */
public final class NotSupportedException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.NotSupported";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public NotSupportedException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
