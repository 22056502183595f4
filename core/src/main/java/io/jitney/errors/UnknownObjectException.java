package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.UnknownObject}: The connection has no object at this path. */
public final class UnknownObjectException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.UnknownObject";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public UnknownObjectException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
