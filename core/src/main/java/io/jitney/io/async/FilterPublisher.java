package io.jitney.io.async;

import io.jitney.ConnectionClosedException;
import io.jitney.internal.conn.RouterEngine;
import io.jitney.message.Message;
import io.jitney.routing.MatchRule;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Messages matching a rule, as a {@link Flow.Publisher}. Each subscriber gets its own filter
 * and its own buffer of {@code capacity} messages; delivery follows the subscriber's demand.
 * When the buffer is full, the oldest message is dropped and counted
 * ({@link FilterSubscription#dropped()}, and {@link #dropped()} over all subscribers), and the
 * first drop is logged. Cancelling the subscription removes the filter (and the bus match,
 * for a publisher from {@link AsyncRouter#subscribe}). When the router closes, subscribers get
 * {@code onError} with a {@link ConnectionClosedException}.
 */
public final class FilterPublisher implements Flow.Publisher<Message> {
    private static final System.Logger LOG = System.getLogger(FilterPublisher.class.getName());

    private final RouterEngine engine;
    private final MatchRule rule;
    private final int capacity;
    private final Executor delivery;
    private final Supplier<CompletableFuture<Void>> acquireMatch;
    private final Runnable releaseMatch;
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param acquireMatch makes sure the bus routes matching messages here (AddMatch, shared by
     *     subscribers of the same rule); completes when it does
     * @param releaseMatch undoes one {@code acquireMatch}
     */
    FilterPublisher(RouterEngine engine, MatchRule rule, int capacity, Executor delivery,
            Supplier<CompletableFuture<Void>> acquireMatch, Runnable releaseMatch) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.engine = engine;
        this.rule = rule;
        this.capacity = capacity;
        this.delivery = delivery;
        this.acquireMatch = acquireMatch;
        this.releaseMatch = releaseMatch;
    }

    public MatchRule rule() {
        return rule;
    }

    /** Messages dropped because a subscriber's buffer was full, over all subscribers. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Starts a subscription without blocking: the filter buffers matching messages at once, and
     * {@code onSubscribe} is called (on the delivery thread) when the bus has confirmed the match
     * — from then on no matching message is missed. If the bus refuses the match, the subscriber
     * gets {@code onSubscribe} then {@code onError}.
     */
    @Override
    public void subscribe(Flow.Subscriber<? super Message> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        var subscription = new FilterSubscription(subscriber);
        subscription.registration = engine.addFilter(rule, subscription::offer);
        subscription.registration.onRouterClosed(subscription::fail);
        CompletableFuture<Void> matched;
        try {
            matched = acquireMatch.get();
        } catch (RuntimeException e) {
            matched = CompletableFuture.failedFuture(e);
        }
        matched.whenComplete((ok, e) -> delivery.execute(() -> {
            subscription.matchHeld = e == null;
            subscriber.onSubscribe(subscription);
            if (e != null) {
                subscription.fail(e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e);
            }
            subscription.drain();
        }));
    }

    /** One subscriber's filter, buffer and demand. */
    public final class FilterSubscription implements Flow.Subscription {
        private final Flow.Subscriber<? super Message> subscriber;
        private final ArrayDeque<Message> buffer = new ArrayDeque<>();
        private final ReentrantLock lock = new ReentrantLock();
        private long demand;
        private long droppedHere;
        private boolean loggedDrop;
        private boolean done;
        private boolean draining;
        private Throwable error;
        private volatile RouterEngine.Registration registration;
        private volatile boolean matchHeld;

        private FilterSubscription(Flow.Subscriber<? super Message> subscriber) {
            this.subscriber = subscriber;
        }

        /** Messages this subscriber lost because its buffer was full. */
        public long dropped() {
            lock.lock();
            try {
                return droppedHere;
            } finally {
                lock.unlock();
            }
        }

        /** On the reader thread: buffer the message, dropping the oldest if full. */
        private void offer(Message m) {
            Message evicted = null;
            boolean log = false;
            lock.lock();
            try {
                if (done) {
                    evicted = m; // cancelled or failed: nobody will take it
                } else if (buffer.size() >= capacity) {
                    evicted = buffer.pollFirst();
                    droppedHere++;
                    dropped.incrementAndGet();
                    log = !loggedDrop;
                    loggedDrop = true;
                }
                if (evicted != m) {
                    buffer.addLast(m);
                }
            } finally {
                lock.unlock();
            }
            if (evicted != null) {
                evicted.closeUnixFds();
            }
            if (evicted == m) {
                return;
            }
            if (log) {
                LOG.log(System.Logger.Level.WARNING, "subscriber of {0} is not keeping up; its buffer of {1} is full "
                        + "and the oldest messages are being dropped (FilterSubscription.dropped() counts them)", rule, capacity);
            }
            delivery.execute(this::drain);
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                fail(new IllegalArgumentException("request(" + n + "): demand must be positive (Reactive Streams rule 3.9)"));
                cancel();
                return;
            }
            lock.lock();
            try {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            } finally {
                lock.unlock();
            }
            delivery.execute(this::drain);
        }

        @Override
        public void cancel() {
            RouterEngine.Registration r;
            lock.lock();
            try {
                if (done) {
                    return;
                }
                done = true;
                r = registration;
                buffer.forEach(Message::closeUnixFds);
                buffer.clear();
            } finally {
                lock.unlock();
            }
            if (r != null) {
                r.close();
            }
            releaseIfHeld();
        }

        private void releaseIfHeld() {
            if (matchHeld) {
                matchHeld = false;
                releaseMatch.run();
            }
        }

        private void fail(Throwable e) {
            lock.lock();
            try {
                if (error == null) {
                    error = e;
                }
            } finally {
                lock.unlock();
            }
            delivery.execute(this::drain);
        }

        /** On the delivery thread: hand buffered messages to the subscriber, as far as demand allows. */
        private void drain() {
            while (true) {
                Message next;
                Throwable failure = null;
                lock.lock();
                try {
                    if (draining || (done && error == null)) {
                        return;
                    }
                    if (error != null && !done && (buffer.isEmpty() || demand == 0)) {
                        // An error is signalled without waiting for demand; undelivered messages go.
                        done = true;
                        failure = error;
                        buffer.forEach(Message::closeUnixFds);
                        buffer.clear();
                        next = null;
                    } else if (buffer.isEmpty() || demand == 0) {
                        return;
                    } else {
                        next = buffer.pollFirst();
                        demand--;
                        draining = true;
                    }
                } finally {
                    lock.unlock();
                }
                if (failure != null) {
                    RouterEngine.Registration r = registration;
                    if (r != null) {
                        r.close();
                    }
                    releaseIfHeld();
                    subscriber.onError(failure instanceof ConnectionClosedException c
                            ? new ConnectionClosedException(c.getMessage(), c) : failure);
                    return;
                }
                try {
                    subscriber.onNext(next);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "subscriber of " + rule + " threw from onNext; cancelling", e);
                    cancel();
                } finally {
                    lock.lock();
                    try {
                        draining = false;
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }
    }
}
