package io.jitney.examples;

import io.jitney.DBusTimeoutException;
import io.jitney.bus.MessageBus;
import io.jitney.bus.RequestNameFlag;
import io.jitney.bus.RequestNameReply;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small notification service for the tests: a Jitney {@link BlockingConnection} whose receive
 * loop runs on its own thread, owns {@code org.freedesktop.Notifications} on a private bus and
 * answers {@code Notify} with ids 1, 2, 3, ..., keeping each call for {@link #takeNotify}. Any
 * other call gets {@code UnknownMethod}. {@link #close()} stops the loop and waits for it.
 */
final class NotificationService implements AutoCloseable {
    static final String NAME = "org.freedesktop.Notifications";

    private final BlockingConnection conn;
    private final LinkedBlockingQueue<Message> notifyCalls = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopping;
    private long lastId;

    private NotificationService(BlockingConnection conn) {
        this.conn = conn;
        this.thread = Thread.ofPlatform().daemon().name("notification-service").unstarted(this::serve);
    }

    static NotificationService start(String address) {
        var conn = BlockingConnection.open(address);
        try {
            Message reply = conn.sendAndGetReply(new MessageBus().requestName(NAME, RequestNameFlag.DO_NOT_QUEUE.bit()),
                    Duration.ofSeconds(5));
            if (RequestNameReply.fromReply(reply) != RequestNameReply.PRIMARY_OWNER) {
                throw new IllegalStateException("could not own " + NAME + ": " + reply);
            }
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
        var service = new NotificationService(conn);
        service.thread.start();
        return service;
    }

    /** The service connection's unique name. */
    String uniqueName() {
        return conn.uniqueName();
    }

    /** The next {@code Notify} call the service answered; fails if none came in time. */
    Message takeNotify(Duration timeout) throws InterruptedException {
        Message m = notifyCalls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no Notify call within " + timeout
                    + (failure.get() != null ? "; the service failed: " + failure.get() : ""), failure.get());
        }
        return m;
    }

    private void serve() {
        try {
            while (!stopping) {
                Message m;
                try {
                    m = conn.receive(Duration.ofMillis(100));
                } catch (DBusTimeoutException e) {
                    continue;
                }
                if (m.type() != MessageType.METHOD_CALL) {
                    continue;
                }
                if ("Notify".equals(m.member()) && "org.freedesktop.Notifications".equals(m.interfaceName())) {
                    notifyCalls.add(m);
                    conn.send(Messages.newMethodReturn(m, "u", ++lastId));
                } else {
                    conn.send(Messages.newError(m, "org.freedesktop.DBus.Error.UnknownMethod",
                            "this test service has only Notify, not " + m.member()));
                }
            }
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            conn.close();
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("the notification service did not stop within 5 s");
        }
        if (failure.get() != null) {
            throw new AssertionError("the notification service failed", failure.get());
        }
    }
}
