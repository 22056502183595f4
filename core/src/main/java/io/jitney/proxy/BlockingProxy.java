package io.jitney.proxy;

import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.Message;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sends what a {@link MessageGenerator} builds over a {@link BlockingConnection} and returns
 * the reply body, as the seed's blocking {@code Proxy}:
 *
 * <pre>{@code
 * var notifications = new BlockingProxy<>(new Notifications(), connection, Duration.ofSeconds(5));
 * List<Object> reply = notifications.call(
 *         g -> g.notify("jitney", 0, "", "Hello", "From Java", List.of(), Map.of(), -1));
 * long id = (Long) reply.getFirst();
 * }</pre>
 *
 * <p>Error replies are thrown as {@link io.jitney.DBusErrorException} (a subclass from
 * {@link io.jitney.errors} for the standard names); a call without reply in time as
 * {@link io.jitney.DBusTimeoutException}. Immutable; as thread-safe as the connection, which is
 * not: use it from the connection's thread.
 */
public final class BlockingProxy<G extends MessageGenerator> {
    private final G generator;
    private final BlockingConnection connection;
    private final Duration timeout;

    /** A proxy whose calls wait at most {@code timeout} for their replies. */
    public BlockingProxy(G generator, BlockingConnection connection, Duration timeout) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A proxy whose calls wait as long as the connection's default timeout. */
    public BlockingProxy(G generator, BlockingConnection connection) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.timeout = null;
    }

    public G generator() {
        return generator;
    }

    public BlockingConnection connection() {
        return connection;
    }

    /** The same proxy with another timeout. */
    public BlockingProxy<G> withTimeout(Duration timeout) {
        return new BlockingProxy<>(generator, connection, timeout);
    }

    /**
     * Builds a call with the generator, sends it and returns the reply body. A call built with
     * {@code NO_REPLY_EXPECTED} is only sent; the result is then empty.
     *
     * @throws io.jitney.DBusErrorException for an error reply
     * @throws io.jitney.DBusTimeoutException if no reply arrives in time
     */
    public List<Object> call(Function<? super G, Message> build) {
        Message reply = reply(ProxySupport.build(generator, build));
        return reply == null ? List.of() : reply.body();
    }

    /**
     * As {@link #call} but returns the whole reply message (for its header fields or fds), or
     * {@code null} for a call sent with {@code NO_REPLY_EXPECTED}.
     */
    public Message callForMessage(Function<? super G, Message> build) {
        return reply(ProxySupport.build(generator, build));
    }

    /** The value of property {@code name} of the generator's interface, taken out of its variant. */
    public Object getProperty(String name) {
        return ProxySupport.propertyValue(reply(ProxySupport.getProperty(generator, name)));
    }

    /** Sets property {@code name} of the generator's interface. */
    public void setProperty(String name, Variant value) {
        reply(ProxySupport.setProperty(generator, name, value));
    }

    /** Every property of the generator's interface ({@code GetAll}). */
    public Map<String, Variant> getAllProperties() {
        return ProxySupport.allProperties(reply(ProxySupport.getAllProperties(generator)));
    }

    /**
     * A subscription to signal {@code signalName} of the generator's interface, from its object
     * and bus name: read it with {@link BlockingConnection#receive(BlockingConnection.Filter, Duration)}
     * or {@link BlockingConnection.Filter#receive(Duration)}; close it to unsubscribe.
     */
    public BlockingConnection.Filter subscribe(String signalName, int capacity) {
        return connection.subscribe(ProxySupport.signalRule(generator, signalName), capacity);
    }

    private Message reply(Message call) {
        if (ProxySupport.noReply(call)) {
            connection.send(call);
            return null;
        }
        return timeout == null ? connection.sendAndGetReply(call) : connection.sendAndGetReply(call, timeout);
    }
}
