package io.jitney.io.async;

import io.jitney.ConnectionClosedException;
import io.jitney.internal.conn.RouterEngine;
import io.jitney.message.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** The writer and delivery threads of one async connection. */
final class AsyncThreads implements AutoCloseable {
    final ExecutorService writer;
    final ExecutorService delivery;
    /** Writes handed to the writer thread and not yet done: while any are, callers do not write themselves. */
    private final AtomicInteger queuedWrites = new AtomicInteger();

    AsyncThreads(String name) {
        writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("jitney-writer-" + name).factory());
        delivery = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("jitney-delivery-" + name).factory());
    }

    /**
     * Runs {@code task} on the delivery thread; once the router is closed and that thread has
     * stopped, on a virtual thread — never on the caller's or the reader's thread.
     */
    void deliver(Runnable task) {
        try {
            delivery.execute(task);
        } catch (RejectedExecutionException e) {
            Thread.ofVirtual().name("jitney-delivery-late").start(task);
        }
    }

    /**
     * Runs a blocking {@code opener} (connect, authenticate, Hello) on a new connection's writer
     * thread and delivers the result; on failure the threads are stopped.
     */
    static <T> CompletableFuture<T> open(String kind, Function<AsyncThreads, T> opener) {
        var threads = new AsyncThreads(kind);
        var result = new CompletableFuture<T>();
        threads.writer.execute(() -> {
            try {
                T opened = opener.apply(threads);
                threads.deliver(() -> result.complete(opened));
            } catch (RuntimeException e) {
                threads.deliver(() -> result.completeExceptionally(e));
                threads.close();
            }
        });
        return result;
    }

    /**
     * Sends {@code message}; the future gives its serial. The caller's thread writes it if it
     * can without blocking (see {@link #mayWriteNow}), sparing a hand-off to the writer thread;
     * otherwise the writer thread does.
     */
    CompletableFuture<Integer> send(RouterEngine engine, Message message) {
        var result = new CompletableFuture<Integer>();
        if (mayWriteNow()) {
            try {
                RouterEngine.Sent sent = engine.trySend(message);
                if (sent != null) {
                    if (sent.needsFlush()) {
                        flushLater(engine);
                    }
                    result.complete(sent.serial());
                    return result;
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return result;
            }
        }
        try {
            write(() -> {
                try {
                    int serial = engine.send(message);
                    deliver(() -> result.complete(serial));
                } catch (RuntimeException e) {
                    deliver(() -> result.completeExceptionally(e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closed(engine));
        }
        return result;
    }

    /**
     * Whether a caller may write on its own thread now: only when nothing handed to the writer
     * thread is still waiting, so that a thread's messages go out in the order it sent them.
     */
    boolean mayWriteNow() {
        return queuedWrites.get() == 0;
    }

    /** Runs a write on the writer thread, counted in {@link #mayWriteNow}. */
    void write(Runnable task) {
        queuedWrites.incrementAndGet();
        try {
            writer.execute(() -> {
                try {
                    task.run();
                } finally {
                    queuedWrites.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            queuedWrites.decrementAndGet();
            throw e;
        }
    }

    /** After a write the socket took only part of: the writer thread sends the rest. */
    void flushLater(RouterEngine engine) {
        try {
            write(() -> {
                try {
                    engine.channel().flush();
                } catch (RuntimeException e) {
                    // The connection is closed; the reader fails what was pending.
                }
            });
        } catch (RejectedExecutionException e) {
            // closed: nothing more will be written
        }
    }

    /** The exception for an operation on a closed connection, saying why it closed. */
    static ConnectionClosedException closed(RouterEngine engine) {
        ConnectionClosedException why = engine.closedBecause();
        return why != null ? new ConnectionClosedException(why.getMessage(), why)
                : new ConnectionClosedException("connection closed");
    }

    /** Stops both threads after what is queued (futures still to be completed get completed). */
    @Override
    public void close() {
        writer.shutdown();
        delivery.shutdown();
    }
}
