package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.ServiceUnknown}: The bus knows no connection and no activatable service by the destination name. */
public final class ServiceUnknownException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.ServiceUnknown";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public ServiceUnknownException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
