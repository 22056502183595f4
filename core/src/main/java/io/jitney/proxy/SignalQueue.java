package io.jitney.proxy;

import java.time.Duration;

/**
 * Typed signals in a bounded queue, for the caller to take: from {@link TypedProxy#queue}, on
 * the blocking integration (where {@link #receive} reads the connection on the caller's thread)
 * and the threading one. When the queue is full the oldest signal is dropped and counted.
 * Closing it removes the bus match (when no other subscription uses it); idempotent.
 *
 * @param <R> the {@link DBusSignal} record
 */
public interface SignalQueue<R> extends AutoCloseable {
    /**
     * The next signal, waiting at most {@code timeout}. A signal whose body does not have the
     * record's signature is skipped (and logged).
     *
     * @throws io.jitney.DBusTimeoutException if none arrives in time
     * @throws io.jitney.ConnectionClosedException if the queue or its connection was closed
     * @throws InterruptedException if the waiting thread is interrupted
     */
    R receive(Duration timeout) throws InterruptedException;

    /** A queued signal, or {@code null}, without waiting or reading. */
    R poll();

    /** Signals dropped because the queue was full. */
    long dropped();

    @Override
    void close();
}
