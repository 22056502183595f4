package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.PropertyReadOnly}: The property cannot be set. */
public final class PropertyReadOnlyException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.PropertyReadOnly";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public PropertyReadOnlyException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
