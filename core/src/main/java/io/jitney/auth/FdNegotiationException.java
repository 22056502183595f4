package io.jitney.auth;

import java.util.List;

/**
 * The client asked for Unix file descriptor passing with {@code NEGOTIATE_UNIX_FD}, the server
 * answered {@code ERROR}, and the caller required fds ({@link
 * SaslClient.UnixFdNegotiation#REQUIRED}). The server's explanation is in {@link #receivedLine()}.
 *
 * <p>Authentication itself succeeded; the connection is unusable only because the caller cannot
 * work without fds. Immutable once thrown. See the specification's
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol">NEGOTIATE_UNIX_FD
 * Command</a>.
 */
public class FdNegotiationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, for people
     * @param receivedLine the server's {@code ERROR} line, without its {@code \r\n}; empty when
     *     the refusal is local (a transport that cannot carry descriptors, such as {@code tcp:})
     */
    public FdNegotiationException(String message, String receivedLine) {
        super(message, receivedLine, List.of(), null);
    }
}
