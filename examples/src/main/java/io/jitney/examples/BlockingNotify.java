package io.jitney.examples;

import io.jitney.address.Bus;
import io.jitney.bus.Replies;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Shows a desktop notification: connects to the session bus with a {@link BlockingConnection},
 * calls {@code Notify} on the
 * <a href="https://specifications.freedesktop.org/notification-spec/latest/">notification
 * service</a> and prints the id it answers with. The Java counterpart of Jeepney's blocking
 * notification example.
 *
 * <pre>{@code
 * java --enable-native-access=io.jitney.core -p jitney-core.jar:jitney-examples.jar \
 *      -m io.jitney.examples/io.jitney.examples.BlockingNotify
 * }</pre>
 */
public final class BlockingNotify {
    /** The notification service's object and interface, owned by its well-known name. */
    private static final DBusAddress NOTIFICATIONS = new DBusAddress("/org/freedesktop/Notifications",
            "org.freedesktop.Notifications", "org.freedesktop.Notifications");

    private BlockingNotify() {}

    /** Notifies through the session bus and prints the notification id. */
    public static void main(String[] args) {
        notify(Bus.SESSION.address(), System.out);
    }

    /**
     * Connects to the bus at {@code address}, asks for a notification and prints
     * {@code Notification ID: <id>} to {@code out}.
     *
     * @return the id the notification service gave the notification
     * @throws io.jitney.DBusException if the bus cannot be reached, no notification service is
     *     running, or it answers with an error or something other than one {@code u}
     */
    public static long notify(String address, PrintStream out) {
        try (var connection = BlockingConnection.open(address)) {
            // Notify(s app_name, u replaces_id, s app_icon, s summary, s body,
            //        as actions, a{sv} hints, i expire_timeout) -> u id
            Message call = Messages.newMethodCall(NOTIFICATIONS, "Notify", "susssasa{sv}i",
                    "jitney-examples", // the application's name
                    0L,                // replaces no earlier notification
                    "",                // no icon
                    "Hello from Jitney",
                    "This notification was sent by the BlockingNotify example.",
                    List.of(),         // no actions
                    Map.of(),          // no hints
                    -1);               // the server's default expiry
            Message reply = connection.sendAndGetReply(call, Duration.ofSeconds(10));
            long id = Replies.uint32(reply); // checks that the reply is the 'u' it should be
            out.println("Notification ID: " + id);
            return id;
        }
    }
}
