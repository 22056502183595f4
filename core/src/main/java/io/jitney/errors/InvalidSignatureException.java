package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.InvalidSignature}: A type signature was not valid. */
public final class InvalidSignatureException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.InvalidSignature";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public InvalidSignatureException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
