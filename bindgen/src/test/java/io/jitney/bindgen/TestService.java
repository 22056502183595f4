package io.jitney.bindgen;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusTimeoutException;
import io.jitney.bus.MessageBus;
import io.jitney.bus.RequestNameReply;
import io.jitney.io.ConnectionOptions;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * A D-Bus service for tests, made of a Jitney {@link BlockingConnection} on its own thread: it owns
 * a well-known name and answers every method call with what the handler returns (no reply for
 * {@code null}, or when the caller asked for none); a handler exception becomes an error reply.
 * Descriptors in a reply belong to the service: they are closed once the reply is written.
 */
final class TestService implements AutoCloseable {
    private final BlockingConnection conn;
    private final Thread thread;
    private volatile boolean stopping;

    private TestService(BlockingConnection conn, BiFunction<BlockingConnection, Message, Message> handler) {
        this.conn = conn;
        this.thread = Thread.ofPlatform().daemon().name("test-service").start(() -> serve(handler));
    }

    /** Connects (with fd passing), takes {@code name} and serves until closed. */
    static TestService start(String address, String name, BiFunction<BlockingConnection, Message, Message> handler) {
        var conn = BlockingConnection.open(address, ConnectionOptions.defaults().withUnixFds(true));
        var reply = RequestNameReply.fromReply(conn.sendAndGetReply(new MessageBus().requestName(name)));
        if (reply != RequestNameReply.PRIMARY_OWNER) {
            conn.close();
            throw new IllegalStateException("could not own " + name + ": " + reply);
        }
        return new TestService(conn, handler);
    }

    private void serve(BiFunction<BlockingConnection, Message, Message> handler) {
        while (!stopping) {
            Message call;
            try {
                call = conn.receive(Duration.ofMillis(50));
            } catch (DBusTimeoutException e) {
                continue;
            } catch (ConnectionClosedException e) {
                return;
            }
            if (call.type() != MessageType.METHOD_CALL) {
                continue;
            }
            Message reply;
            try {
                reply = handler.apply(conn, call);
            } catch (RuntimeException e) {
                reply = Messages.newError(call, "org.jitney.test.Error.Failed", String.valueOf(e));
            }
            if (reply != null) {
                try {
                    if (!call.hasFlag(MessageFlag.NO_REPLY_EXPECTED)) {
                        conn.send(reply);
                    }
                } finally {
                    reply.closeUnixFds();
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(5_000);
        conn.close();
    }
}
