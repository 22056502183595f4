package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.InteractiveAuthorizationRequired}: The call would be allowed after interactive authorization; send it again with the ALLOW_INTERACTIVE_AUTHORIZATION flag. */
public final class InteractiveAuthorizationRequiredException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public InteractiveAuthorizationRequiredException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
