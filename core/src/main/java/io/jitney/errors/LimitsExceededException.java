package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.LimitsExceeded}: A resource limit was reached (e.g. dbus-daemon's per-connection limits on match rules or pending replies). */
public final class LimitsExceededException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.LimitsExceeded";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public LimitsExceededException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
