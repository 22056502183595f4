package io.jitney.auth;

/**
 * A SASL mechanism a {@link SaslClient} may offer, with what it needs to answer the server.
 *
 * <p>The three mechanisms D-Bus implementations use in practice:
 * <ul>
 *   <li>{@link External} — the server already knows who we are from the socket (SO_PEERCRED);
 *       we only name the identity we claim. The one to use on Unix sockets.
 *   <li>{@link CookieSha1} — prove we can read a secret cookie in the user's
 *       {@code ~/.dbus-keyrings}. For TCP and other transports without credentials.
 *   <li>{@link Anonymous} — no authentication; only peer-to-peer servers that allow it accept it.
 * </ul>
 *
 * <p>Implementations are immutable values that may be shared between threads and reused for any
 * number of connections; the state of an exchange lives in the {@link SaslClient}.
 * See the specification's
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol">Authentication
 * mechanisms</a>.
 */
public sealed interface AuthMechanism permits External, CookieSha1, Anonymous {
    /** The mechanism's name on the wire, as in {@code AUTH EXTERNAL}. */
    String name();
}
