package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.UnknownMethod}: The object has no method with this name and signature (in this interface). */
public final class UnknownMethodException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.UnknownMethod";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public UnknownMethodException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
