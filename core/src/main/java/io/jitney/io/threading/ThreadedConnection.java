package io.jitney.io.threading;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusTimeoutException;
import io.jitney.address.Bus;
import io.jitney.internal.conn.Engines;
import io.jitney.internal.conn.RouterEngine;
import io.jitney.io.ConnectionOptions;
import io.jitney.message.Message;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A thread-safe connection: any number of threads may {@link #send} (each message is written
 * whole, never interleaved with another), and threads may {@link #receive} the next incoming
 * message, whatever it is. A connection never discards a message: a background reader thread
 * moves messages into a queue of {@link ConnectionOptions#keepLimit()} messages; when that is
 * full the reader stops reading (the peer then waits) rather than dropping anything.
 *
 * <p>A thread blocked in {@code receive} can be woken with {@link Thread#interrupt()}
 * (it gets {@link InterruptedException}) or by {@link #close()} (it gets
 * {@link ConnectionClosedException}). Waiting uses {@code java.util.concurrent} locks, so virtual
 * threads do not pin their carrier. For request/reply from many threads, use
 * {@link ThreadedRouter}.
 *
 * <p>A received message owns its {@link io.jitney.wire.UnixFd}s: the receiver closes them;
 * {@link #close()} closes those of messages nobody received.
 */
public final class ThreadedConnection implements AutoCloseable {
    /** Put in the queue when the connection closes, to wake receivers blocked on an empty queue. */
    private static final Message CLOSED = io.jitney.message.Message.builder(io.jitney.message.MessageType.SIGNAL)
            .path("/io/jitney/Closed").interfaceName("io.jitney.Internal").member("Closed").build();

    private final RouterEngine engine;
    private final BlockingQueue<Message> incoming;
    private volatile boolean closedByUs;
    private final String uniqueName;
    private final String serverGuid;

    private ThreadedConnection(String address, ConnectionOptions options) {
        var queue = new LinkedBlockingQueue<Message>(options.keepLimit());
        this.incoming = queue;
        Engines.Opened opened = Engines.open(address, options, m -> {
            try {
                queue.put(m); // back-pressure: the reader waits for room instead of dropping
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                m.closeUnixFds();
            }
        });
        this.engine = opened.engine();
        this.uniqueName = opened.uniqueName();
        this.serverGuid = opened.serverGuid();
        engine.onClose(why -> {
            if (closedByUs) {
                drain(); // a reader that was waiting for room may have put a last message
            }
            queue.offer(CLOSED);
        });
    }

    /** Connects to the session or system bus and says {@code Hello}. */
    public static ThreadedConnection open(Bus bus) {
        return new ThreadedConnection(bus.address(), ConnectionOptions.defaults());
    }

    /** Connects to an address (a {@code ;}-list is tried in order). */
    public static ThreadedConnection open(String address) {
        return new ThreadedConnection(address, ConnectionOptions.defaults());
    }

    public static ThreadedConnection open(String address, ConnectionOptions options) {
        return new ThreadedConnection(address, options);
    }

    /** The unique name from {@code Hello}, or {@code null} without it. */
    public String uniqueName() {
        return uniqueName;
    }

    public String serverGuid() {
        return serverGuid;
    }

    public boolean unixFdsEnabled() {
        return engine.channel().unixFdsEnabled();
    }

    /**
     * Sends a message from any thread; returns its serial.
     *
     * @throws IllegalArgumentException if a value does not fit its signature (nothing is sent)
     * @throws ConnectionClosedException if the connection is closed
     */
    public int send(Message message) {
        return engine.send(message);
    }

    /**
     * The next incoming message.
     *
     * @throws DBusTimeoutException if none arrives within {@code timeout}
     * @throws ConnectionClosedException once the connection is closed and every message that
     *     arrived before has been received
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public Message receive(Duration timeout) throws InterruptedException {
        Message m = incoming.poll();
        if (m == null) {
            throwIfClosed();
            m = incoming.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new DBusTimeoutException("timed out waiting for a message", timeout);
            }
        }
        if (m == CLOSED) {
            incoming.offer(CLOSED); // wake the next receiver too
            throwIfClosed();
            throw new ConnectionClosedException("connection closed");
        }
        return m;
    }

    private void throwIfClosed() {
        ConnectionClosedException closed = engine.closedBecause();
        if (closed != null) {
            throw new ConnectionClosedException(closed.getMessage(), closed);
        }
    }

    /** Messages waiting to be received. */
    public int pending() {
        return incoming.size();
    }

    /**
     * Closes the connection; wakes blocked receivers. Messages not yet received are discarded
     * and their fds closed. Idempotent; returns at once.
     */
    @Override
    public void close() {
        closedByUs = true;
        engine.close(false);
        drain(); // also frees the reader if it waits for room in a full queue
        incoming.offer(CLOSED);
    }

    private void drain() {
        Message m;
        while ((m = incoming.poll()) != null) {
            if (m != CLOSED) {
                m.closeUnixFds();
            }
        }
    }
}
