package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.FileNotFound}: A file the peer needed does not exist. */
public final class FileNotFoundErrorException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.FileNotFound";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public FileNotFoundErrorException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
