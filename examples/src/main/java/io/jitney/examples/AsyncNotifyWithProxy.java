package io.jitney.examples;

import io.jitney.address.Bus;
import io.jitney.examples.notifications.NotificationsMessages;
import io.jitney.io.async.AsyncRouter;
import io.jitney.proxy.AsyncProxy;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The seed's second asyncio example: the same notification, written with a message generator
 * and a proxy. {@link NotificationsMessages} is generated at build time by the
 * {@code jitney-maven-plugin} from {@code src/main/dbus/org.freedesktop.Notifications.xml}; the
 * {@link AsyncProxy} sends what it builds and gives the reply body.
 */
public final class AsyncNotifyWithProxy {
    private AsyncNotifyWithProxy() {}

    public static void main(String[] args) {
        notify(Bus.SESSION.address(), System.out).join();
    }

    /** Notifies through the bus at {@code address}; the future gives the notification id. */
    public static CompletableFuture<Long> notify(String address, PrintStream out) {
        var generator = new NotificationsMessages("org.freedesktop.Notifications", "/org/freedesktop/Notifications");
        return AsyncRouter.open(address).thenCompose(router -> new AsyncProxy<>(generator, router)
                .call(n -> n.notify("jitney-examples", 0L, "", "Hello from Jitney",
                        "Sent by the AsyncNotifyWithProxy example.", List.of(), Map.of(), -1))
                .thenApply(body -> {
                    long id = (Long) body.getFirst();
                    out.println("Notification ID: " + id);
                    return id;
                })
                .whenComplete((id, error) -> router.close()));
    }
}
