package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.UnknownProperty}: The interface has no property with this name. */
public final class UnknownPropertyException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.UnknownProperty";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public UnknownPropertyException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
