package io.jitney.internal.conn;

import io.jitney.DBusTimeoutException;
import io.jitney.message.Message;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Fails calls whose reply has not come by their deadline, with one sleeping thread per engine
 * instead of a timer per call.
 *
 * <p>A timer per call costs a scheduling and a cancellation on every call — at tens of
 * thousands of calls per second, a measurable share of a round trip, and a wake-up of the timer
 * thread each time. Here a call only records its deadline ({@link Call}); the sweeper sleeps
 * until the earliest deadline it knows of, then fails what has expired among the calls still
 * pending and sleeps until the next. A call that gets its reply leaves the pending map and is
 * never looked at again. With one default timeout, deadlines arrive in increasing order and the
 * sweeper wakes about once per timeout.
 */
final class CallDeadlines {
    /** A pending call with a deadline ({@link System#nanoTime()} based). */
    static final class Call extends CompletableFuture<Message> {
        final long deadline;
        final Duration timeout;
        private final String member;
        private final String destination;
        private Message message;

        Call(Message message, long deadline, Duration timeout) {
            this.message = message;
            this.deadline = deadline;
            this.timeout = timeout;
            this.member = message.member();
            this.destination = message.destination();
        }

        /** The call, for a timeout's message: made only when one happens. */
        String what() {
            return member + (destination != null ? " on " + destination : "");
        }

        /** The message to send, while it is not sent. */
        synchronized Message message() {
            if (message == null) {
                throw new IllegalStateException("this call was started already");
            }
            return message;
        }

        /** The message to send, once (the future does not keep it after). */
        synchronized Message take() {
            Message m = message();
            message = null;
            return m;
        }
    }

    private final Collection<CompletableFuture<Message>> pending;
    private final String name;
    /** The earliest deadline not yet swept; {@link Long#MAX_VALUE}: none. */
    private final AtomicLong earliest = new AtomicLong(Long.MAX_VALUE);
    private volatile Thread sweeper;
    private volatile boolean stopped;

    /** @param pending the engine's pending calls (a live view) */
    CallDeadlines(Collection<CompletableFuture<Message>> pending, String name) {
        this.pending = pending;
        this.name = name;
    }

    /** Called once {@code call} is in the pending map. */
    void added(Call call) {
        long d = call.deadline;
        long before = earliest.getAndAccumulate(d, Math::min);
        if (d - before < 0 || before == Long.MAX_VALUE) {
            Thread t = sweeper;
            if (t == null) {
                start();
            } else {
                LockSupport.unpark(t); // earlier than what it sleeps until
            }
        }
    }

    private synchronized void start() {
        if (sweeper == null && !stopped) {
            sweeper = Thread.ofVirtual().name("jitney-timeouts-" + name).start(this::run);
        }
    }

    private void run() {
        while (!stopped) {
            long e = earliest.get();
            long now = System.nanoTime();
            if (e == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else if (e - now > 0) {
                LockSupport.parkNanos(this, e - now);
            } else if (earliest.compareAndSet(e, Long.MAX_VALUE)) {
                // Calls added from here on lower `earliest` themselves; the scan sees the rest.
                long next = sweep(now);
                if (next != Long.MAX_VALUE) {
                    earliest.accumulateAndGet(next, Math::min);
                }
            }
        }
    }

    /** Fails the expired calls; returns the earliest deadline among the others. */
    private long sweep(long now) {
        long next = Long.MAX_VALUE;
        for (CompletableFuture<Message> f : pending) {
            if (f instanceof Call c && !c.isDone()) {
                if (c.deadline - now <= 0) {
                    c.completeExceptionally(new DBusTimeoutException("timed out waiting for the reply to " + c.what(),
                            c.timeout));
                } else if (next == Long.MAX_VALUE || c.deadline - next < 0) {
                    next = c.deadline;
                }
            }
        }
        return next;
    }

    /** Stops the sweeper (the engine fails what is pending itself). */
    void stop() {
        stopped = true;
        Thread t = sweeper;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
