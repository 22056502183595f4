package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.FileExists}: A file the peer wanted to create exists already. */
public final class FileExistsException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.FileExists";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public FileExistsException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
