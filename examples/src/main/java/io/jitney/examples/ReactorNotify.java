package io.jitney.examples;

import io.jitney.address.Bus;
import io.jitney.bus.Replies;
import io.jitney.reactor.ReactorRouter;
import reactor.core.publisher.Mono;

/**
 * The notification call with Project Reactor: a {@link Mono} that connects, calls
 * {@code Notify}, closes the router and emits the id — nothing happens until it is subscribed.
 */
public final class ReactorNotify {
    private ReactorNotify() {}

    public static void main(String[] args) {
        System.out.println("Notification ID: " + notify(Bus.SESSION.address()).block());
    }

    /** A Mono of the notification id; each subscription sends one notification. */
    public static Mono<Long> notify(String address) {
        return Mono.usingWhen(ReactorRouter.open(address),
                router -> router.sendAndGetReply(Notifications.notify("jitney-examples", "Hello from Jitney",
                        "Sent by the ReactorNotify example.")).map(Replies::uint32),
                router -> Mono.fromRunnable(router::close));
    }
}
