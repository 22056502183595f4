package io.jitney.bus;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.proxy.MessageGenerator;
import io.jitney.names.InterfaceName;
import io.jitney.wire.Variant;
import java.util.Objects;

/**
 * Message generator for the standard {@code org.freedesktop.DBus.Properties} interface of any
 * object (spec, "Standard Interfaces", "org.freedesktop.DBus.Properties"). The object is given
 * by its address; the address's own interface, if any, is not used. Builds messages only;
 * immutable and thread-safe.
 */
public final class Properties extends MessageGenerator {
    /** The interface name. */
    public static final String INTERFACE = "org.freedesktop.DBus.Properties";

    /** A generator for the properties of the object at {@code object} (path and bus name). */
    public Properties(DBusAddress object) {
        super(Objects.requireNonNull(object, "object").withInterface(INTERFACE));
    }

    /**
     * {@code Get(s interface_name, s property_name) → v}. The spec allows {@code ""} for the
     * interface (then the result is undefined if several interfaces have the property).
     */
    public Message get(String interfaceName, String propertyName) {
        return Messages.newMethodCall(address(), "Get", "ss", iface(interfaceName), property(propertyName));
    }

    /** {@code GetAll(s interface_name) → a{sv}}. */
    public Message getAll(String interfaceName) {
        return Messages.newMethodCall(address(), "GetAll", "s", iface(interfaceName));
    }

    /** {@code Set(s interface_name, s property_name, v value)}. */
    public Message set(String interfaceName, String propertyName, Variant value) {
        Objects.requireNonNull(value, "value");
        return Messages.newMethodCall(address(), "Set", "ssv", iface(interfaceName), property(propertyName), value);
    }

    private static String iface(String name) {
        Objects.requireNonNull(name, "interfaceName");
        return name.isEmpty() ? name : InterfaceName.check(name);
    }

    /** Property names are not bound to the member-name rules (spec), but must be non-empty. */
    private static String property(String name) {
        Objects.requireNonNull(name, "propertyName");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("property name is empty");
        }
        return name;
    }
}
