package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.InvalidArgs}: The arguments of the call were not what the method accepts. */
public final class InvalidArgsException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.InvalidArgs";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public InvalidArgsException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
