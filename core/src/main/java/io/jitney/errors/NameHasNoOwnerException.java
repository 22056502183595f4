package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.NameHasNoOwner}: The bus name asked about has no owner at the moment. */
public final class NameHasNoOwnerException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.NameHasNoOwner";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public NameHasNoOwnerException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
