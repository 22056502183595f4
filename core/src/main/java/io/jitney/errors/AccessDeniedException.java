package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.AccessDenied}: The security policy does not allow this call. */
public final class AccessDeniedException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.AccessDenied";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public AccessDeniedException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
