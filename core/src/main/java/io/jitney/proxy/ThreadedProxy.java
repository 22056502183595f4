package io.jitney.proxy;

import io.jitney.io.threading.ThreadedRouter;
import io.jitney.message.Message;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends what a {@link MessageGenerator} builds through a {@link ThreadedRouter} and returns the
 * reply body; the seed's threading proxy. Thread-safe: any number of threads may call at once.
 *
 * <pre>{@code
 * var bus = new ThreadedProxy<>(new MessageBus(), router);
 * List<Object> names = bus.call(MessageBus::listNames);
 * }</pre>
 *
 * <p>Error replies are thrown as {@link io.jitney.DBusErrorException} (a subclass from
 * {@link io.jitney.errors} for the standard names).
 */
public final class ThreadedProxy<G extends MessageGenerator> {
    private final G generator;
    private final ThreadedRouter router;
    private final Duration timeout;

    /** A proxy whose calls wait at most {@code timeout} for their replies. */
    public ThreadedProxy(G generator, ThreadedRouter router, Duration timeout) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.router = Objects.requireNonNull(router, "router");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A proxy whose calls wait as long as the router's default timeout. */
    public ThreadedProxy(G generator, ThreadedRouter router) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.router = Objects.requireNonNull(router, "router");
        this.timeout = null;
    }

    public G generator() {
        return generator;
    }

    public ThreadedRouter router() {
        return router;
    }

    /** The same proxy with another timeout. */
    public ThreadedProxy<G> withTimeout(Duration timeout) {
        return new ThreadedProxy<>(generator, router, timeout);
    }

    /**
     * Builds a call with the generator, sends it and waits for the reply body. A call built with
     * {@code NO_REPLY_EXPECTED} is only sent; the result is then empty.
     *
     * @throws io.jitney.DBusErrorException for an error reply
     * @throws io.jitney.DBusTimeoutException if no reply arrives in time
     * @throws io.jitney.ConnectionClosedException if the router closes first
     * @throws InterruptedException if the waiting thread is interrupted (the call is forgotten)
     */
    public List<Object> call(Function<? super G, Message> build) throws InterruptedException {
        Message reply = reply(ProxySupport.build(generator, build));
        return reply == null ? List.of() : reply.body();
    }

    /**
     * As {@link #call} but returns the whole reply message, or {@code null} for a call sent with
     * {@code NO_REPLY_EXPECTED}.
     */
    public Message callForMessage(Function<? super G, Message> build) throws InterruptedException {
        return reply(ProxySupport.build(generator, build));
    }

    /** The value of property {@code name} of the generator's interface, taken out of its variant. */
    public Object getProperty(String name) throws InterruptedException {
        return ProxySupport.propertyValue(reply(ProxySupport.getProperty(generator, name)));
    }

    /** Sets property {@code name} of the generator's interface. */
    public void setProperty(String name, Variant value) throws InterruptedException {
        reply(ProxySupport.setProperty(generator, name, value));
    }

    /** Every property of the generator's interface ({@code GetAll}). */
    public Map<String, Variant> getAllProperties() throws InterruptedException {
        return ProxySupport.allProperties(reply(ProxySupport.getAllProperties(generator)));
    }

    /**
     * A subscription (bus match and bounded queue) to signal {@code signalName} of the
     * generator's interface, from its object and bus name; close it to unsubscribe.
     */
    public ThreadedRouter.Filter subscribe(String signalName, int capacity) throws InterruptedException {
        return router.subscribe(ProxySupport.signalRule(generator, signalName), capacity);
    }

    /**
     * Runs {@code handler} for every signal {@code signalName} of the generator's interface, in
     * arrival order, on a virtual thread of its own (never the router's reader thread). Adds the
     * bus match; closing the returned handle removes it and stops the handler.
     */
    public SignalSubscription onSignal(String signalName, int capacity, Consumer<? super Message> handler)
            throws InterruptedException {
        return SignalPump.start(subscribe(signalName, capacity), handler);
    }

    private Message reply(Message call) throws InterruptedException {
        if (ProxySupport.noReply(call)) {
            router.send(call);
            return null;
        }
        return timeout == null ? router.sendAndGetReply(call) : router.sendAndGetReply(call, timeout);
    }
}
