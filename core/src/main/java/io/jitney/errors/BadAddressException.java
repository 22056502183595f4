package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.BadAddress}: A D-Bus server address was malformed. */
public final class BadAddressException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.BadAddress";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public BadAddressException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
