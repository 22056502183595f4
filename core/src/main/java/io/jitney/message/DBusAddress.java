package io.jitney.message;

import io.jitney.names.BusName;
import io.jitney.names.InterfaceName;
import io.jitney.wire.ObjectPath;
import java.util.Objects;

/**
 * The address of a remote object's interface: object path, the bus name that owns it (may be
 * {@code null} for peer-to-peer connections) and the interface (may be {@code null} for a
 * method call, which the spec allows). As in Jeepney, message generators and the
 * {@code Messages} factories take one of these.
 *
 * <p>Not to be confused with a D-Bus <em>server</em> address ({@code unix:path=...}), which is
 * {@code io.jitney.address.ServerAddress}.
 */
public record DBusAddress(ObjectPath objectPath, String busName, String interfaceName) {
    public DBusAddress {
        Objects.requireNonNull(objectPath, "objectPath");
        if (busName != null) {
            BusName.check(busName);
        }
        if (interfaceName != null) {
            InterfaceName.check(interfaceName);
        }
    }

    /** An address from strings: path, bus name (or null), interface (or null). Validates all three. */
    public DBusAddress(String objectPath, String busName, String interfaceName) {
        this(new ObjectPath(objectPath), busName, interfaceName);
    }

    /** The same object, another interface. */
    public DBusAddress withInterface(String interfaceName) {
        return new DBusAddress(objectPath, busName, interfaceName);
    }
}
