package io.jitney.bus;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.proxy.MessageGenerator;
import java.util.Objects;

/**
 * Message generator for the standard {@code org.freedesktop.DBus.Peer} interface (spec,
 * "Standard Interfaces", "org.freedesktop.DBus.Peer"). Any path will do: the peer answers
 * for the connection, not for an object. Builds messages only; immutable and thread-safe.
 */
public final class Peer extends MessageGenerator {
    /** The interface name. */
    public static final String INTERFACE = "org.freedesktop.DBus.Peer";

    /** A generator for the peer owning {@code object}'s bus name (its interface is not used). */
    public Peer(DBusAddress object) {
        super(Objects.requireNonNull(object, "object").withInterface(INTERFACE));
    }

    /** {@code Ping()}: an empty reply proves the peer is alive. */
    public Message ping() {
        return Messages.newMethodCall(address(), "Ping", "");
    }

    /** {@code GetMachineId() → s}: the machine's UUID, 32 hex digits. */
    public Message getMachineId() {
        return Messages.newMethodCall(address(), "GetMachineId", "");
    }
}
