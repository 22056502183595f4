package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.InvalidFileContent}: A file's contents were not valid. */
public final class InvalidFileContentException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.InvalidFileContent";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public InvalidFileContentException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
