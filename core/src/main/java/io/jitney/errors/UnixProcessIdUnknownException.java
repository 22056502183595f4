package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.UnixProcessIdUnknown}: The bus does not know the process id of the connection asked about. */
public final class UnixProcessIdUnknownException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.UnixProcessIdUnknown";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public UnixProcessIdUnknownException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
