package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.NoReply}: The bus gave up waiting for the reply (the callee did not answer in time, or disconnected). */
public final class NoReplyException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.NoReply";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public NoReplyException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
