package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.MatchRuleInvalid}: {@code AddMatch} was given a rule the bus cannot parse or accept. */
public final class MatchRuleInvalidException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.MatchRuleInvalid";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public MatchRuleInvalidException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
