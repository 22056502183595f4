package io.jitney.bus;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.proxy.MessageGenerator;
import java.util.Objects;

/**
 * Message generator for the standard {@code org.freedesktop.DBus.ObjectManager} interface
 * (spec, "Standard Interfaces", "org.freedesktop.DBus.ObjectManager"). Builds messages only;
 * immutable and thread-safe.
 */
public final class ObjectManager extends MessageGenerator {
    /** The interface name. */
    public static final String INTERFACE = "org.freedesktop.DBus.ObjectManager";

    /** A generator for the object manager at {@code object} (its interface is not used). */
    public ObjectManager(DBusAddress object) {
        super(Objects.requireNonNull(object, "object").withInterface(INTERFACE));
    }

    /**
     * {@code GetManagedObjects() → a{oa{sa{sv}}}}: every object below this one, with its
     * interfaces and their properties.
     */
    public Message getManagedObjects() {
        return Messages.newMethodCall(address(), "GetManagedObjects", "");
    }
}
