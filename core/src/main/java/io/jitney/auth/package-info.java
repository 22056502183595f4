/**
 * D-Bus authentication: the SASL exchange that precedes the message stream, as sans-I/O state
 * machines that take bytes and return bytes — no sockets, threads or clocks.
 *
 * <ul>
 *   <li>{@link io.jitney.auth.SaslClient} — the client side, trying a list of
 *       {@link io.jitney.auth.AuthMechanism}s ({@link io.jitney.auth.External},
 *       {@link io.jitney.auth.CookieSha1}, {@link io.jitney.auth.Anonymous}) in order and
 *       negotiating Unix fd passing;
 *   <li>{@link io.jitney.auth.SaslServer} — a small server side for peer-to-peer connections and
 *       test servers;
 *   <li>{@link io.jitney.auth.AuthenticationException} (and
 *       {@link io.jitney.auth.FdNegotiationException}) — every failure, carrying what the peer said;
 *   <li>{@link io.jitney.auth.AuthLimits} — the limits both sides enforce, with their sources.
 * </ul>
 *
 * <p>See the specification's
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol">Authentication
 * Protocol</a>.
 */
package io.jitney.auth;
