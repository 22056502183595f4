package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.NotContainer}: The connection asked about is not in a container. */
public final class NotContainerException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.NotContainer";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public NotContainerException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
