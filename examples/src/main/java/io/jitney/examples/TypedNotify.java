package io.jitney.examples;

import io.jitney.address.Bus;
import io.jitney.examples.notifications.Notifications;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.proxy.TypedProxies;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The notification call through the generated typed interface {@link Notifications}: a Java
 * method with Java types, checked against the D-Bus signature when the proxy is created.
 */
public final class TypedNotify {
    private TypedNotify() {}

    public static void main(String[] args) {
        notify(Bus.SESSION.address(), System.out);
    }

    /** Notifies through the bus at {@code address}; returns the notification id. */
    public static long notify(String address, PrintStream out) {
        try (var conn = BlockingConnection.open(address)) {
            Notifications notifications = TypedProxies.create(Notifications.class, conn,
                    "org.freedesktop.Notifications", "/org/freedesktop/Notifications");
            long id = notifications.notify("jitney-examples", 0L, "", "Hello from Jitney",
                    "Sent by the TypedNotify example.", List.of(), Map.of(), -1);
            out.println("Notification ID: " + id);
            return id;
        }
    }
}
