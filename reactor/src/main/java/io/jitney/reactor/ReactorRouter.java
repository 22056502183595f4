package io.jitney.reactor;

import io.jitney.address.Bus;
import io.jitney.io.ConnectionOptions;
import io.jitney.io.async.AsyncRouter;
import io.jitney.message.Message;
import io.jitney.routing.MatchRule;
import java.time.Duration;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A router for Project Reactor, on {@link AsyncRouter}: {@link Mono} replies and {@link Flux}
 * streams of matching messages, with Reactor's semantics.
 *
 * <ul>
 *   <li>Everything is lazy: nothing is sent until the {@code Mono} is subscribed, and each
 *       subscription sends the call again (use {@code cache()} to share one reply).</li>
 *   <li>Cancelling a reply {@code Mono} forgets the call (a late reply is discarded).</li>
 *   <li>A {@code Flux} from {@link #signals} adds the bus match when subscribed and removes it
 *       when cancelled; it honours downstream demand, buffering up to its capacity and dropping
 *       the oldest beyond that (counted, see {@link io.jitney.io.async.FilterPublisher}).</li>
 *   <li>Closing the router errors every pending {@code Mono} and {@code Flux} with
 *       {@link io.jitney.ConnectionClosedException}.</li>
 * </ul>
 *
 * <p>Signals are emitted on the router's delivery thread; use {@code publishOn} to move heavy
 * work elsewhere.
 *
 * <p><b>File descriptors.</b> An emitted message owns the descriptors it carries
 * ({@link io.jitney.wire.UnixFd}); the subscriber closes them. Messages the router drops itself
 * (a full buffer, a cancelled call's late reply) have theirs closed. Operators that drop elements
 * downstream ({@code filter}, {@code take}, {@code sample}, a cancelled {@code publishOn} queue)
 * hand them to Reactor's discard hook, so end such a chain with
 * {@code .doOnDiscard(Message.class, Message::closeUnixFds)}.
 */
public final class ReactorRouter implements AutoCloseable {
    private final AsyncRouter router;

    private ReactorRouter(AsyncRouter router) {
        this.router = router;
    }

    /** Wraps an open async router. */
    public static ReactorRouter of(AsyncRouter router) {
        return new ReactorRouter(router);
    }

    /** Connects when subscribed. */
    public static Mono<ReactorRouter> open(Bus bus) {
        return Mono.defer(() -> open(bus.address(), ConnectionOptions.defaults()));
    }

    /** Connects when subscribed. */
    public static Mono<ReactorRouter> open(String address) {
        return open(address, ConnectionOptions.defaults());
    }

    public static Mono<ReactorRouter> open(String address, ConnectionOptions options) {
        return Mono.fromFuture(() -> AsyncRouter.open(address, options)).map(ReactorRouter::new);
    }

    public String uniqueName() {
        return router.uniqueName();
    }

    /** The async router underneath. */
    public AsyncRouter async() {
        return router;
    }

    /** Sends a method call when subscribed; emits the method return, or errors. */
    public Mono<Message> sendAndGetReply(Message call) {
        return Mono.fromFuture(() -> router.sendAndGetReply(call), false);
    }

    /** As {@link #sendAndGetReply(Message)} with a timeout of its own. */
    public Mono<Message> sendAndGetReply(Message call, Duration timeout) {
        return Mono.fromFuture(() -> router.sendAndGetReply(call, timeout), false);
    }

    /** Sends a message when subscribed; emits its serial. */
    public Mono<Integer> send(Message message) {
        return Mono.fromFuture(() -> router.send(message), false);
    }

    /** Messages matching {@code rule}, adding the bus match while subscribed. */
    public Flux<Message> signals(MatchRule rule, int capacity) {
        return Flux.defer(() -> JdkFlowAdapter.flowPublisherToFlux(router.subscribe(rule, capacity)));
    }

    /** Messages matching {@code rule} that reach this connection anyway (no bus match). */
    public Flux<Message> filter(MatchRule rule, int capacity) {
        return Flux.defer(() -> JdkFlowAdapter.flowPublisherToFlux(router.filter(rule, capacity)));
    }

    /** Closes the router; pending Monos and Fluxes error. */
    @Override
    public void close() {
        router.close();
    }
}
