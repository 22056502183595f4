package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.UnknownInterface}: The object does not implement this interface. */
public final class UnknownInterfaceException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.UnknownInterface";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public UnknownInterfaceException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
