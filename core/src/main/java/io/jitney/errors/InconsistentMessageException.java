package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.InconsistentMessage}: The message's header and body disagree (e.g. the fd count), or its contents break the protocol. */
public final class InconsistentMessageException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.InconsistentMessage";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public InconsistentMessageException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
