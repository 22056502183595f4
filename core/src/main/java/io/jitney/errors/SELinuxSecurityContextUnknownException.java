package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;

/** {@code org.freedesktop.DBus.Error.SELinuxSecurityContextUnknown}: The bus does not know the SELinux context of the connection asked about. */
public final class SELinuxSecurityContextUnknownException extends DBusErrorException {
    private static final long serialVersionUID = 1L;
    /** {@value} */
    public static final String NAME = "org.freedesktop.DBus.Error.SELinuxSecurityContextUnknown";

    /** An exception for an error reply named {@link #NAME}; {@code reply} may be {@code null}. */
    public SELinuxSecurityContextUnknownException(String errorText, Message reply) {
        super(NAME, errorText, reply);
    }
}
