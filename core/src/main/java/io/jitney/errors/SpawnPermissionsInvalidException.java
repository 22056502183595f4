package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Spawn.PermissionsInvalid}: Activation: the helper's permissions are wrong. */
public final class SpawnPermissionsInvalidException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Spawn.PermissionsInvalid";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SpawnPermissionsInvalidException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
