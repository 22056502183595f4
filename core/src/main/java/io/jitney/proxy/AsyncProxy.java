package io.jitney.proxy;

import io.jitney.io.async.AsyncRouter;
import io.jitney.io.async.FilterPublisher;
import io.jitney.message.Message;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sends what a {@link MessageGenerator} builds through an {@link AsyncRouter}; every result is
 * a {@link CompletableFuture}, as the seed's asyncio proxy:
 *
 * <pre>{@code
 * var notifications = new AsyncProxy<>(new Notifications(), router);
 * notifications.call(g -> g.notify("jitney", 0, "", "Hello", "From Java", List.of(), Map.of(), -1))
 *         .thenAccept(reply -> System.out.println("Notification ID: " + reply.getFirst()));
 * }</pre>
 *
 * <p>Futures complete on the router's delivery thread (never its reader thread); they fail
 * with {@link io.jitney.DBusErrorException} (a subclass from {@link io.jitney.errors} for the
 * standard names), {@link io.jitney.DBusTimeoutException} or
 * {@link io.jitney.ConnectionClosedException}. Misuse (a generator that throws, a value that
 * does not fit its signature) is thrown at once. Immutable and thread-safe.
 */
public final class AsyncProxy<G extends MessageGenerator> {
    private final G generator;
    private final AsyncRouter router;
    private final Duration timeout;

    /** A proxy whose calls fail with a timeout after {@code timeout}. */
    public AsyncProxy(G generator, AsyncRouter router, Duration timeout) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.router = Objects.requireNonNull(router, "router");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A proxy whose calls time out after the router's default timeout. */
    public AsyncProxy(G generator, AsyncRouter router) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.router = Objects.requireNonNull(router, "router");
        this.timeout = null;
    }

    public G generator() {
        return generator;
    }

    public AsyncRouter router() {
        return router;
    }

    /** The same proxy with another timeout. */
    public AsyncProxy<G> withTimeout(Duration timeout) {
        return new AsyncProxy<>(generator, router, timeout);
    }

    /**
     * Builds a call with the generator and sends it; the future gives the reply body. A call
     * built with {@code NO_REPLY_EXPECTED} completes with an empty list once written.
     */
    public CompletableFuture<List<Object>> call(Function<? super G, Message> build) {
        return reply(ProxySupport.build(generator, build)).thenApply(m -> m == null ? List.of() : m.body());
    }

    /** As {@link #call} but gives the whole reply ({@code null} for a call without reply). */
    public CompletableFuture<Message> callForMessage(Function<? super G, Message> build) {
        return reply(ProxySupport.build(generator, build));
    }

    /** The value of property {@code name} of the generator's interface, taken out of its variant. */
    public CompletableFuture<Object> getProperty(String name) {
        return reply(ProxySupport.getProperty(generator, name)).thenApply(ProxySupport::propertyValue);
    }

    /** Sets property {@code name} of the generator's interface. */
    public CompletableFuture<Void> setProperty(String name, Variant value) {
        return reply(ProxySupport.setProperty(generator, name, value)).thenApply(m -> null);
    }

    /** Every property of the generator's interface ({@code GetAll}). */
    public CompletableFuture<Map<String, Variant>> getAllProperties() {
        return reply(ProxySupport.getAllProperties(generator)).thenApply(ProxySupport::allProperties);
    }

    /**
     * Signal {@code signalName} of the generator's interface, from its object and bus name, as a
     * {@link java.util.concurrent.Flow.Publisher}: each subscriber holds the bus match while
     * subscribed and gets a buffer of {@code capacity} messages.
     */
    public FilterPublisher subscribe(String signalName, int capacity) {
        return router.subscribe(ProxySupport.signalRule(generator, signalName), capacity);
    }

    private CompletableFuture<Message> reply(Message call) {
        if (ProxySupport.noReply(call)) {
            return router.send(call).thenApply(serial -> null);
        }
        return timeout == null ? router.sendAndGetReply(call) : router.sendAndGetReply(call, timeout);
    }
}
