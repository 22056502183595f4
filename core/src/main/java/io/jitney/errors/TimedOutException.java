package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.TimedOut}: An operation timed out on the peer's side (used by the bus for some of its own operations). */
public final class TimedOutException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.TimedOut";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public TimedOutException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
