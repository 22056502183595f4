package io.jitney.proxy;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import java.util.Objects;

/**
 * Base class for message generators, as in the seed: a subclass has one method per D-Bus method
 * of one interface, each <em>building</em> the call message (no I/O). Proxies send them.
 *
 * <pre>{@code
 * public final class Notifications extends MessageGenerator {
 *     public Notifications(String busName, String objectPath) {
 *         super(new DBusAddress(objectPath, busName, "org.freedesktop.Notifications"));
 *     }
 *     public Message notify(String appName, long replacesId, ...) {
 *         return newMethodCall("Notify", "susssasa{sv}i", appName, replacesId, ...);
 *     }
 * }
 * }</pre>
 *
 * Immutable and thread-safe if the subclass is.
 */
public abstract class MessageGenerator {
    private final DBusAddress address;

    protected MessageGenerator(DBusAddress address) {
        this.address = Objects.requireNonNull(address, "address");
    }

    /** The remote object and interface this generator's messages go to. */
    public DBusAddress address() {
        return address;
    }

    /** The interface name, e.g. {@code org.freedesktop.Notifications}. */
    public String interfaceName() {
        return address.interfaceName();
    }

    /** A method call to this generator's object and interface. */
    protected final Message newMethodCall(String method, String signature, Object... args) {
        return Messages.newMethodCall(address, method, signature, args);
    }
}
