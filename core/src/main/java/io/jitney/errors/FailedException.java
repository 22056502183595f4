package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Failed}: A generic failure; the error text says what went wrong. */
public final class FailedException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Failed";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public FailedException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
