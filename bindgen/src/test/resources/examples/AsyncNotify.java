package org.example.notifications;

import io.jitney.address.Bus;
import io.jitney.io.async.AsyncRouter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The seed's asyncio notify example in Java, with the message generator bindgen writes for
 * org.freedesktop.Notifications (NotificationsMessages) and the async router. Compiled and run
 * against a fake notification service by AsyncNotifyExampleTest; the README shows it.
 */
public final class AsyncNotify {
    private AsyncNotify() {}

    /** Sends one notification; completes with the id the server gives it. */
    public static CompletableFuture<Long> sendNotification(String busAddress) {
        var notifications = new NotificationsMessages("org.freedesktop.Notifications",
                "/org/freedesktop/Notifications");
        return AsyncRouter.open(busAddress).thenCompose(router -> router
                .sendAndGetReply(notifications.notify("jitney", 0, "", "Hello", "From Java", List.of(), Map.of(), -1))
                .thenApply(reply -> (Long) reply.body().getFirst())
                .whenComplete((id, error) -> router.close()));
    }

    public static void main(String[] args) {
        long id = sendNotification(Bus.SESSION.address()).join();
        System.out.println("Notification ID: " + id);
    }
}
