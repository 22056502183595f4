package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.MatchRuleNotFound}: {@code RemoveMatch} named a rule this connection never added. */
public final class MatchRuleNotFoundException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.MatchRuleNotFound";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public MatchRuleNotFoundException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
