/**
 * D-Bus server addresses: parsing, formatting and checking them ({@link io.jitney.address.ServerAddress},
 * {@link io.jitney.address.ConnectableAddress}), and finding the session and system bus
 * ({@link io.jitney.address.Bus}, {@link io.jitney.address.BusAddresses}).
 *
 * <p>Pure computation, no I/O except the existence check for {@code $XDG_RUNTIME_DIR/bus}.
 *
 * @see <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#addresses">Server Addresses</a>
 */
package io.jitney.address;
