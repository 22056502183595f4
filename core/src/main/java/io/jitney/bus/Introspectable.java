package io.jitney.bus;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.proxy.MessageGenerator;
import java.util.Objects;

/**
 * Message generator for the standard {@code org.freedesktop.DBus.Introspectable} interface
 * (spec, "Standard Interfaces", "org.freedesktop.DBus.Introspectable"). Builds messages only;
 * immutable and thread-safe.
 */
public final class Introspectable extends MessageGenerator {
    /** The interface name. */
    public static final String INTERFACE = "org.freedesktop.DBus.Introspectable";

    /** A generator for the object at {@code object} (path and bus name; its interface is not used). */
    public Introspectable(DBusAddress object) {
        super(Objects.requireNonNull(object, "object").withInterface(INTERFACE));
    }

    /** {@code Introspect() → s}: the object's introspection XML (spec, "Introspection Data Format"). */
    public Message introspect() {
        return Messages.newMethodCall(address(), "Introspect", "");
    }
}
