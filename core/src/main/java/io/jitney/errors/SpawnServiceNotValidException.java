package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Spawn.ServiceNotValid}: Activation: the service file is not valid. */
public final class SpawnServiceNotValidException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Spawn.ServiceNotValid";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SpawnServiceNotValidException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
