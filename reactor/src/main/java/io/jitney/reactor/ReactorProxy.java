package io.jitney.reactor;

import io.jitney.message.Message;
import io.jitney.proxy.AsyncProxy;
import io.jitney.proxy.MessageGenerator;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends what a {@link MessageGenerator} builds through a {@link ReactorRouter}; results are
 * {@link Mono}s. Lazy like every Reactor source: the generator runs and the call is sent when
 * the {@code Mono} is subscribed, again for every subscription (use {@code cache()} to share
 * one reply); cancelling forgets the call.
 *
 * <pre>{@code
 * var notifications = new ReactorProxy<>(new Notifications(), router);
 * notifications.call(g -> g.notify("jitney", 0, "", "Hello", "From Java", List.of(), Map.of(), -1))
 *         .map(List::getFirst)
 *         .subscribe(id -> System.out.println("Notification ID: " + id));
 * }</pre>
 *
 * <p>Errors are {@link io.jitney.DBusErrorException} (a subclass from {@link io.jitney.errors}
 * for the standard names), {@link io.jitney.DBusTimeoutException},
 * {@link io.jitney.ConnectionClosedException}. Immutable and thread-safe.
 */
public final class ReactorProxy<G extends MessageGenerator> {
    private final AsyncProxy<G> proxy;

    /** A proxy whose calls time out after the router's default timeout. */
    public ReactorProxy(G generator, ReactorRouter router) {
        this(new AsyncProxy<>(generator, Objects.requireNonNull(router, "router").async()));
    }

    /** A proxy whose calls time out after {@code timeout}. */
    public ReactorProxy(G generator, ReactorRouter router, Duration timeout) {
        this(new AsyncProxy<>(generator, Objects.requireNonNull(router, "router").async(), timeout));
    }

    private ReactorProxy(AsyncProxy<G> proxy) {
        this.proxy = proxy;
    }

    public G generator() {
        return proxy.generator();
    }

    /** The same proxy with another timeout. */
    public ReactorProxy<G> withTimeout(Duration timeout) {
        return new ReactorProxy<>(proxy.withTimeout(timeout));
    }

    /** Builds and sends the call when subscribed; emits the reply body. */
    public Mono<List<Object>> call(Function<? super G, Message> build) {
        return Mono.fromFuture(() -> proxy.call(build), false);
    }

    /** As {@link #call} but emits the whole reply (empty for a call sent without reply). */
    public Mono<Message> callForMessage(Function<? super G, Message> build) {
        return Mono.fromFuture(() -> proxy.callForMessage(build), false);
    }

    /** The value of property {@code name}, taken out of its variant. */
    public Mono<Object> getProperty(String name) {
        return Mono.fromFuture(() -> proxy.getProperty(name), false);
    }

    /** Sets property {@code name}; completes empty. */
    public Mono<Void> setProperty(String name, Variant value) {
        return Mono.fromFuture(() -> proxy.setProperty(name, value), false);
    }

    /** Every property of the generator's interface ({@code GetAll}). */
    public Mono<Map<String, Variant>> getAllProperties() {
        return Mono.fromFuture(proxy::getAllProperties, false);
    }

    /**
     * Signal {@code signalName} of the generator's interface, from its object and bus name; the
     * bus match is added when subscribed and removed when cancelled.
     */
    public Flux<Message> signals(String signalName, int capacity) {
        return Flux.defer(() -> JdkFlowAdapter.flowPublisherToFlux(proxy.subscribe(signalName, capacity)));
    }
}
