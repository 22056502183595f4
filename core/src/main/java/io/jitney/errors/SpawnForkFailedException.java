package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Spawn.ForkFailed}: Activation: the bus could not fork the service. */
public final class SpawnForkFailedException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Spawn.ForkFailed";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SpawnForkFailedException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
