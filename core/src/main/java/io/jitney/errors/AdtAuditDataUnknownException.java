package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.AdtAuditDataUnknown}: The bus has no Solaris ADT audit data for the connection asked about. */
public final class AdtAuditDataUnknownException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.AdtAuditDataUnknown";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public AdtAuditDataUnknownException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
