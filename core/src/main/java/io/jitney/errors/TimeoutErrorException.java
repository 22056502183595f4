package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.Timeout}: An operation the peer started timed out. Not to be confused with {@link io.jitney.DBusTimeoutException}, which is this side giving up on a reply. */
public final class TimeoutErrorException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.Timeout";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public TimeoutErrorException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
