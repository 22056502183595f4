package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.AddressInUse}: The address a server wanted to listen on is taken. */
public final class AddressInUseException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.AddressInUse";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public AddressInUseException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
