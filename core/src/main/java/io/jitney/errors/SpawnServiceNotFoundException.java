package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Spawn.ServiceNotFound}: Activation: no service file provides the name. */
public final class SpawnServiceNotFoundException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Spawn.ServiceNotFound";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SpawnServiceNotFoundException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
