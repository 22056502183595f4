package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Spawn.ConfigInvalid}: Activation: the bus's activation configuration is invalid. */
public final class SpawnConfigInvalidException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Spawn.ConfigInvalid";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SpawnConfigInvalidException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
