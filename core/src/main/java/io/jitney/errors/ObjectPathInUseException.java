package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.ObjectPathInUse}: An object is already exported at this path. */
public final class ObjectPathInUseException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.ObjectPathInUse";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public ObjectPathInUseException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
