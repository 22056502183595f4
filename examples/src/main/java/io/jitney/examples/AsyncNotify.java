package io.jitney.examples;

import io.jitney.address.Bus;
import io.jitney.bus.Replies;
import io.jitney.io.async.AsyncRouter;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * The seed's asyncio notification example without a proxy: open an {@link AsyncRouter}, send
 * {@code Notify}, print the id when the reply arrives — all without blocking a thread, until
 * {@code main} waits for the result at the very end.
 */
public final class AsyncNotify {
    private AsyncNotify() {}

    public static void main(String[] args) {
        notify(Bus.SESSION.address(), System.out).join();
    }

    /** Notifies through the bus at {@code address}; the future gives the notification id. */
    public static CompletableFuture<Long> notify(String address, PrintStream out) {
        return AsyncRouter.open(address).thenCompose(router -> router
                .sendAndGetReply(Notifications.notify("jitney-examples", "Hello from Jitney",
                        "Sent by the AsyncNotify example, without a proxy."))
                .thenApply(reply -> {
                    long id = Replies.uint32(reply);
                    out.println("Notification ID: " + id);
                    return id;
                })
                .whenComplete((id, error) -> router.close()));
    }
}
