package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Spawn.ChildSignaled}: Activation: the service was killed by a signal before taking its name. */
public final class SpawnChildSignaledException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Spawn.ChildSignaled";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SpawnChildSignaledException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
