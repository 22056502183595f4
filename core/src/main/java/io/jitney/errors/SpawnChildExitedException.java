package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Spawn.ChildExited}: Activation: the service exited before taking its name. */
public final class SpawnChildExitedException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Spawn.ChildExited";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SpawnChildExitedException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
