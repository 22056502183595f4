package io.jitney.auth;

import io.jitney.DBusException;
import java.util.List;
import java.util.Objects;

/**
 * Authentication failed: the peer refused every mechanism we could offer, broke the protocol,
 * or a mechanism could not produce its answer (for DBUS_COOKIE_SHA1: an unsafe or missing keyring).
 *
 * <p>Carries what the peer said: {@link #receivedLine()} is the line that ended the exchange
 * ({@code "REJECTED EXTERNAL"}, {@code "ERROR ..."}), and {@link #serverMechanisms()} the
 * mechanisms the server listed in {@code REJECTED}, so that a message like "the server accepts
 * only DBUS_COOKIE_SHA1" can be acted on. Immutable once thrown. See the specification's
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol">Authentication
 * Protocol</a>.
 */
public class AuthenticationException extends DBusException {
    private static final long serialVersionUID = 1L;

    private final String receivedLine;
    private final String[] serverMechanisms;

    /** A failure with no line from the peer to report (a local problem, such as the keyring). */
    public AuthenticationException(String message) {
        this(message, "", List.of(), null);
    }

    /** A local failure caused by {@code cause} (an I/O error reading the keyring, say). */
    public AuthenticationException(String message, Throwable cause) {
        this(message, "", List.of(), cause);
    }

    /**
     * @param message what failed, for people
     * @param receivedLine the line received from the peer that ended the exchange, without its
     *     {@code \r\n}; empty if none
     * @param serverMechanisms the mechanisms the server listed in {@code REJECTED}; empty if unknown
     * @param cause the underlying failure, or {@code null}
     */
    public AuthenticationException(
            String message, String receivedLine, List<String> serverMechanisms, Throwable cause) {
        super(message, cause);
        this.receivedLine = Objects.requireNonNull(receivedLine, "receivedLine");
        this.serverMechanisms = serverMechanisms.toArray(String[]::new);
    }

    /**
     * The line received from the peer that ended the exchange, without its {@code \r\n}: for a
     * {@link SaslClient} what the server said, for a {@link SaslServer} what the client said.
     * Empty if the failure was local.
     */
    public String receivedLine() {
        return receivedLine;
    }

    /** The mechanisms the server listed in its {@code REJECTED} reply; empty if it listed none. */
    public List<String> serverMechanisms() {
        return List.of(serverMechanisms);
    }
}
