package io.jitney.reactor;

import io.jitney.address.Bus;
import io.jitney.io.ConnectionOptions;
import io.jitney.io.async.AsyncConnection;
import io.jitney.message.Message;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A connection for Project Reactor, on {@link AsyncConnection}: send, and receive every incoming
 * message as a {@link Flux} driven by demand (a message is taken from the connection only when
 * requested, so nothing is lost while the subscriber is slow; the connection buffers, then
 * stops reading).
 *
 * <p>Received messages own their descriptors: see {@link ReactorRouter} for who closes them.
 */
public final class ReactorConnection implements AutoCloseable {
    private final AsyncConnection connection;

    private ReactorConnection(AsyncConnection connection) {
        this.connection = connection;
    }

    public static ReactorConnection of(AsyncConnection connection) {
        return new ReactorConnection(connection);
    }

    public static Mono<ReactorConnection> open(Bus bus) {
        return Mono.defer(() -> open(bus.address(), ConnectionOptions.defaults()));
    }

    public static Mono<ReactorConnection> open(String address) {
        return open(address, ConnectionOptions.defaults());
    }

    public static Mono<ReactorConnection> open(String address, ConnectionOptions options) {
        return Mono.fromFuture(() -> AsyncConnection.open(address, options)).map(ReactorConnection::new);
    }

    public String uniqueName() {
        return connection.uniqueName();
    }

    public AsyncConnection async() {
        return connection;
    }

    /** Sends when subscribed; emits the serial. */
    public Mono<Integer> send(Message message) {
        return Mono.fromFuture(() -> connection.send(message), false);
    }

    /** The next incoming message, when subscribed. */
    public Mono<Message> receive() {
        return Mono.fromFuture(connection::receive, false);
    }

    /** Every incoming message, one {@code receive} per unit of demand. */
    public Flux<Message> messages() {
        return Flux.defer(() -> receive().repeat());
    }

    @Override
    public void close() {
        connection.close();
    }
}
