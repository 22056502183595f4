package io.jitney.bus;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.proxy.MessageGenerator;
import io.jitney.names.BusName;

/**
 * Message generator for {@code org.freedesktop.DBus.Debug.Stats} on the bus object (spec,
 * "Debug Statistics Interface: org.freedesktop.DBus.Debug.Stats"). The interface is optional:
 * a bus without it replies {@code org.freedesktop.DBus.Error.UnknownInterface} (or
 * {@code UnknownMethod}), and buses serving several users usually restrict it to
 * administrators. Builds messages only; immutable and thread-safe.
 */
public final class DebugStats extends MessageGenerator {
    /** The interface name. */
    public static final String INTERFACE = "org.freedesktop.DBus.Debug.Stats";
    /** Its address on the bus object. */
    public static final DBusAddress ADDRESS = MessageBus.ADDRESS.withInterface(INTERFACE);

    /** A generator for the bus at the standard address. */
    public DebugStats() {
        super(ADDRESS);
    }

    /** {@code GetStats() → a{sv}}: {@code Serial}, {@code ActiveConnections}, {@code MatchRules}, ... */
    public Message getStats() {
        return Messages.newMethodCall(ADDRESS, "GetStats", "");
    }

    /** {@code GetConnectionStats(s connection) → a{sv}}: by unique name or a well-known name it owns. */
    public Message getConnectionStats(String connection) {
        return Messages.newMethodCall(ADDRESS, "GetConnectionStats", "s", BusName.check(connection));
    }

    /** {@code GetAllMatchRules() → a{sas}}: every connection's unique name and its match rules. */
    public Message getAllMatchRules() {
        return Messages.newMethodCall(ADDRESS, "GetAllMatchRules", "");
    }
}
