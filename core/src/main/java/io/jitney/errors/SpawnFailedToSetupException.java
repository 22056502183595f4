package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Spawn.FailedToSetup}: Activation: setting up the service's environment failed. */
public final class SpawnFailedToSetupException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Spawn.FailedToSetup";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SpawnFailedToSetupException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
