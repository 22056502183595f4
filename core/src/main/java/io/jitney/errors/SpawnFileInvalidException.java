package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Spawn.FileInvalid}: Activation: the service file could not be read. */
public final class SpawnFileInvalidException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Spawn.FileInvalid";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SpawnFileInvalidException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
