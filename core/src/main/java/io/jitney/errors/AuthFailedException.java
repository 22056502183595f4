package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.AuthFailed}: Authentication did not succeed. */
public final class AuthFailedException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.AuthFailed";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public AuthFailedException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
