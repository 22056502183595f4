package io.jitney.interop;

import io.jitney.DBusTimeoutException;
import io.jitney.bus.MessageBus;
import io.jitney.bus.RequestNameFlag;
import io.jitney.bus.RequestNameReply;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Jitney service for the interop tests: a {@link BlockingConnection} whose receive loop runs on
 * its own thread, owns a well-known name and answers {@code Echo} on {@link #PATH} (any interface)
 * with the call's own signature and body. Every other call gets {@code UnknownMethod} (gdbus
 * first asks for {@code Introspect}; the error makes it type its arguments from their text).
 *
 * <p>The {@code Echo} calls it answered are kept for {@link #takeEchoCall}, so a test can check
 * what Jitney read as well as what the caller printed. Only the service thread touches the
 * connection after {@link #start}; {@link #close()} stops it and waits for it.
 */
final class JitneyEchoService implements AutoCloseable {
    static final String PATH = "/org/jitney/Echo";
    static final String INTERFACE = "org.jitney.Echo";
    private static final Duration POLL = Duration.ofMillis(100);

    private final BlockingConnection conn;
    private final String name;
    private final LinkedBlockingQueue<Message> echoCalls = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopping;

    private JitneyEchoService(BlockingConnection conn, String name) {
        this.conn = conn;
        this.name = name;
        this.thread = Thread.ofPlatform().daemon().name("jitney-echo-service").unstarted(this::serve);
    }

    /** Connects to {@code address}, takes {@code name} and starts answering. */
    static JitneyEchoService start(String address, String name) {
        var conn = BlockingConnection.open(address);
        try {
            Message reply = conn.sendAndGetReply(new MessageBus().requestName(name,
                    RequestNameFlag.DO_NOT_QUEUE.bit()), Duration.ofSeconds(5));
            if (RequestNameReply.fromReply(reply) != RequestNameReply.PRIMARY_OWNER) {
                throw new IllegalStateException("could not own " + name + ": " + reply);
            }
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
        var service = new JitneyEchoService(conn, name);
        service.thread.start();
        return service;
    }

    /** The well-known name the service owns. */
    String name() {
        return name;
    }

    /** The service connection's unique name. */
    String uniqueName() {
        return conn.uniqueName();
    }

    /** Forgets the calls answered so far. */
    void clear() {
        echoCalls.clear();
    }

    /**
     * The next {@code Echo} call answered.
     *
     * @throws AssertionError if none came within {@code timeout}, or the service thread failed
     */
    Message takeEchoCall(Duration timeout) throws InterruptedException {
        Message m = echoCalls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("the Jitney echo service got no Echo call within " + timeout
                    + (failure.get() != null ? "; its thread failed: " + failure.get() : ""), failure.get());
        }
        return m;
    }

    private void serve() {
        try {
            while (!stopping) {
                Message m;
                try {
                    m = conn.receive(POLL);
                } catch (DBusTimeoutException e) {
                    continue;
                }
                if (m.type() == MessageType.METHOD_CALL) {
                    answer(m);
                }
            }
        } catch (Throwable t) {
            if (!stopping) {
                failure.set(t);
            }
        } finally {
            conn.close();
        }
    }

    private void answer(Message call) {
        Message reply;
        if ("Echo".equals(call.member()) && PATH.equals(call.path().value())) {
            reply = Message.builder(MessageType.METHOD_RETURN)
                    .replySerial(call.serial())
                    .destination(call.sender())
                    .body(call.signature(), call.body())
                    .build();
            echoCalls.add(call);
        } else {
            reply = Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod",
                    "no method " + call.interfaceName() + "." + call.member() + " on " + call.path());
        }
        if (!call.hasFlag(MessageFlag.NO_REPLY_EXPECTED)) {
            conn.send(reply);
        }
    }

    /** Stops the loop, waits for the thread and closes the connection; rethrows what the thread hit. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the Jitney echo service", e);
        }
        if (thread.isAlive()) {
            throw new AssertionError("the Jitney echo service thread did not stop within 5 s");
        }
        if (failure.get() != null) {
            throw new AssertionError("the Jitney echo service thread failed", failure.get());
        }
    }
}
