package io.jitney.io.async;

import io.jitney.ConnectionClosedException;
import io.jitney.address.Bus;
import io.jitney.internal.conn.Engines;
import io.jitney.internal.conn.RouterEngine;
import io.jitney.io.ConnectionOptions;
import io.jitney.message.Message;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An async connection: {@link #send} and {@link #receive} return futures at once. It never
 * discards a message: messages nobody has asked for yet wait in a buffer of
 * {@link ConnectionOptions#keepLimit()}; when it is full, the reader stops reading (the peer
 * then waits) rather than dropping anything. {@code receive()} futures are completed in the
 * order they were asked for, each with the next message in arrival order.
 *
 * <p>Cancelling a {@code receive()} future gives up the claim on a message (the next message
 * goes to the next receiver). Closing fails waiting receivers with
 * {@link ConnectionClosedException}. Threads: see the package documentation (three per
 * connection). For request/reply, use {@link AsyncRouter}.
 */
public final class AsyncConnection implements AutoCloseable {
    private final Inbox inbox;
    private final RouterEngine engine;
    private final AsyncThreads threads;
    private final String uniqueName;

    private AsyncConnection(String address, ConnectionOptions options, AsyncThreads threads) {
        this.threads = threads;
        this.inbox = new Inbox(options.keepLimit());
        Engines.Opened opened = Engines.open(address, options, inbox::put);
        this.engine = opened.engine();
        this.uniqueName = opened.uniqueName();
        engine.onClose(inbox::close);
    }

    public static CompletableFuture<AsyncConnection> open(Bus bus) {
        return open(bus.address(), ConnectionOptions.defaults());
    }

    public static CompletableFuture<AsyncConnection> open(String address) {
        return open(address, ConnectionOptions.defaults());
    }

    /** Connects without blocking the caller: the handshake runs on the connection's writer thread. */
    public static CompletableFuture<AsyncConnection> open(String address, ConnectionOptions options) {
        return AsyncThreads.open("connection", threads -> new AsyncConnection(address, options, threads));
    }

    public String uniqueName() {
        return uniqueName;
    }

    public boolean unixFdsEnabled() {
        return engine.channel().unixFdsEnabled();
    }

    /** Sends a message; the future gives its serial once it is written. */
    public CompletableFuture<Integer> send(Message message) {
        return threads.send(engine, message);
    }

    /** The next incoming message, whatever it is. */
    public CompletableFuture<Message> receive() {
        return inbox.take();
    }

    /** Messages waiting for a receiver. */
    public int pending() {
        return inbox.size();
    }

    /** Closes; waiting receivers fail with {@link ConnectionClosedException}. Returns at once. */
    @Override
    public void close() {
        engine.close(false);
        inbox.close(new ConnectionClosedException("connection closed")); // also frees a reader waiting for room
    }

    /**
     * Messages waiting for receivers, and receivers waiting for messages. The reader puts (and
     * waits for room when full); callers take futures. Completion happens on the delivery thread.
     */
    private final class Inbox {
        private final int capacity;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition notFull = lock.newCondition();
        private final ArrayDeque<Message> messages = new ArrayDeque<>();
        private final ArrayDeque<CompletableFuture<Message>> receivers = new ArrayDeque<>();
        private ConnectionClosedException closed;

        Inbox(int capacity) {
            this.capacity = capacity;
        }

        /** On the reader thread. */
        void put(Message m) {
            CompletableFuture<Message> receiver;
            lock.lock();
            try {
                while (true) {
                    receiver = receivers.pollFirst();
                    if (receiver == null || !receiver.isDone()) {
                        break; // skip receivers that were cancelled
                    }
                }
                if (receiver == null) {
                    while (messages.size() >= capacity && closed == null) {
                        notFull.awaitUninterruptibly();
                    }
                    if (closed != null) {
                        m.closeUnixFds();
                        return;
                    }
                    messages.addLast(m);
                    return;
                }
            } finally {
                lock.unlock();
            }
            CompletableFuture<Message> r = receiver;
            threads.deliver(() -> {
                if (!r.complete(m)) {
                    requeue(m); // cancelled meanwhile: the message goes to the next receiver
                }
            });
        }

        /** A message whose receiver cancelled: first in line again, without waiting for room. */
        private void requeue(Message m) {
            CompletableFuture<Message> receiver;
            lock.lock();
            try {
                do {
                    receiver = receivers.pollFirst();
                } while (receiver != null && receiver.isDone());
                if (receiver == null) {
                    if (closed != null) {
                        m.closeUnixFds();
                    } else {
                        messages.addFirst(m);
                    }
                    return;
                }
            } finally {
                lock.unlock();
            }
            if (!receiver.complete(m)) {
                requeue(m);
            }
        }

        CompletableFuture<Message> take() {
            var f = new CompletableFuture<Message>();
            Message m;
            lock.lock();
            try {
                m = messages.pollFirst();
                if (m == null) {
                    if (closed != null) {
                        f.completeExceptionally(new ConnectionClosedException(closed.getMessage(), closed));
                        return f;
                    }
                    receivers.addLast(f);
                    return f;
                }
                notFull.signal();
            } finally {
                lock.unlock();
            }
            threads.deliver(() -> {
                if (!f.complete(m)) {
                    requeue(m);
                }
            });
            return f;
        }

        int size() {
            lock.lock();
            try {
                return messages.size();
            } finally {
                lock.unlock();
            }
        }

        void close(ConnectionClosedException why) {
            ArrayDeque<CompletableFuture<Message>> waiting;
            lock.lock();
            try {
                if (closed != null) {
                    return;
                }
                closed = why;
                waiting = new ArrayDeque<>(receivers);
                receivers.clear();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
            for (var r : waiting) {
                threads.deliver(() -> r.completeExceptionally(new ConnectionClosedException(why.getMessage(), why)));
            }
            threads.close();
        }
    }
}
