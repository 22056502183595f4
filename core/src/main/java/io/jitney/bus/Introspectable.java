package io.jitney.bus;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import java.util.Objects;

/**
 * Message generator for the standard {@code org.freedesktop.DBus.Introspectable} interface
 * (spec, "Standard Interfaces", "org.freedesktop.DBus.Introspectable"). Builds messages only;
 * immutable and thread-safe.
 */
public final class Introspectable {
    /** The interface name. */
    public static final String INTERFACE = "org.freedesktop.DBus.Introspectable";

    private final DBusAddress address;

    /** A generator for the object at {@code object} (path and bus name; its interface is not used). */
    public Introspectable(DBusAddress object) {
        this.address = Objects.requireNonNull(object, "object").withInterface(INTERFACE);
    }

    /** The address the calls go to. */
    public DBusAddress address() {
        return address;
    }

    /** {@code Introspect() → s}: the object's introspection XML (spec, "Introspection Data Format"). */
    public Message introspect() {
        return Messages.newMethodCall(address, "Introspect", "");
    }
}
