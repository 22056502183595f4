package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.IOError}: Reading or writing failed on the peer's side. */
public final class IOErrorException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.IOError";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public IOErrorException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
