package io.jitney.examples;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import java.util.List;
import java.util.Map;

/** The notification service's address and the one call the examples make. */
final class Notifications {
    /** The notification service's object and interface, owned by its well-known name. */
    static final DBusAddress ADDRESS = new DBusAddress("/org/freedesktop/Notifications",
            "org.freedesktop.Notifications", "org.freedesktop.Notifications");

    private Notifications() {}

    /**
     * {@code Notify(s app_name, u replaces_id, s app_icon, s summary, s body, as actions,
     * a{sv} hints, i expire_timeout) -> u id}, with no icon, actions or hints.
     */
    static Message notify(String appName, String summary, String body) {
        return Messages.newMethodCall(ADDRESS, "Notify", "susssasa{sv}i",
                appName, 0L, "", summary, body, List.of(), Map.of(), -1);
    }
}
