package io.jitney.io.threading;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusErrorException;
import io.jitney.DBusTimeoutException;
import io.jitney.address.Bus;
import io.jitney.bus.MessageBus;
import io.jitney.internal.conn.Engines;
import io.jitney.internal.conn.RouterEngine;
import io.jitney.io.ConnectionOptions;
import io.jitney.message.Message;
import io.jitney.routing.FilterQueue;
import io.jitney.routing.MatchRefCounts;
import io.jitney.routing.MatchRule;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A router shared by many threads: {@link #sendAndGetReply} from any number of threads at once
 * (platform or virtual), filters with bounded queues, handlers that run off the reader thread.
 *
 * <pre>{@code
 * try (var router = ThreadedRouter.open(Bus.SESSION)) {
 *     Message reply = router.sendAndGetReply(call, Duration.ofSeconds(5));
 *     try (var changes = router.subscribe(rule, 100)) {
 *         Message signal = changes.receive(Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> One background reader thread reads and routes messages in arrival order; it
 * never runs user code. A platform thread waiting in {@link #sendAndGetReply} reads and routes
 * messages itself while no other thread is reading (the reader thread stands down meanwhile, and
 * for a millisecond after the last such caller returns), so that its reply does not have to be
 * handed over from one thread to another; virtual threads leave the reading to others, as a
 * native read would pin their carrier. Callers wait on their own threads; {@linkplain #onMessage handlers} run
 * on a virtual thread per handler, in arrival order. A handler may call back into the router
 * ({@code sendAndGetReply} included): the reader keeps reading while it waits, so this does not
 * deadlock; it only delays that handler's later messages.
 *
 * <p><b>Many virtual-thread callers, few cores.</b> Each reply resumes its caller on one of the
 * JVM's carrier threads (as many as there are cores), and resuming one can wake an idle carrier
 * that then takes a core from the bus daemon. Measured with 64 virtual threads calling at once
 * through one router on a 2-core machine, where the daemon is the bottleneck: 0.74–0.76× the calls
 * per second of a pipelined C client with the default two carriers, and 0.97× with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1} (BENCHMARKS.md, E4). With {@link
 * io.jitney.io.async.AsyncRouter} the callbacks of all replies run on its one delivery thread
 * instead of resuming a waiting thread each, and its E4 figure does not show this cost.
 *
 * <p><b>What may be dropped, and how you know.</b> A filter's queue holds at most its capacity;
 * when full, the oldest message is dropped and counted ({@link Filter#dropped()}), and logged
 * once. A method call that no filter takes is answered with
 * {@code org.freedesktop.DBus.Error.UnknownMethod}; other unrouted messages are dropped and
 * counted ({@link #unroutedMessages()}). A reply that arrives after its call timed out is
 * discarded.
 *
 * <p><b>Closing.</b> {@link #close()} — or the peer closing the socket — fails every pending
 * call and wakes every waiting filter consumer at once with a {@link ConnectionClosedException}
 * that says why ("router closed" or "connection lost: …"). Close is idempotent.
 *
 * <p><b>File descriptors.</b> A received message owns its descriptors; whoever takes it from a
 * filter closes them ({@link Message#closeUnixFds()}). The router closes those of every message
 * it drops: evicted from a full filter, unrouted, a late reply, an error reply, still queued at
 * {@link #close()}. A message that matches several filters is given to each as a copy with
 * duplicated descriptors.
 * {@link #onDisconnect} reports the disconnection.
 */
public final class ThreadedRouter implements AutoCloseable {
    private final RouterEngine engine;
    private final ConnectionOptions options;
    private final String uniqueName;
    private final MatchRefCounts busMatches = new MatchRefCounts();
    /** Filters not yet closed, whose queued messages {@link #close()} discards. */
    private final java.util.Set<Filter> openFilters = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ThreadedRouter(Engines.Opened opened, ConnectionOptions options) {
        this.engine = opened.engine();
        this.uniqueName = opened.uniqueName();
        this.options = options;
    }

    /** Connects to the session or system bus. */
    public static ThreadedRouter open(Bus bus) {
        return open(bus.address(), ConnectionOptions.defaults());
    }

    /** Connects to an address (a {@code ;}-list is tried in order). */
    public static ThreadedRouter open(String address) {
        return open(address, ConnectionOptions.defaults());
    }

    public static ThreadedRouter open(String address, ConnectionOptions options) {
        return new ThreadedRouter(Engines.open(address, options, null), options);
    }

    /** The options it was opened with (the default timeout of calls among them). */
    public ConnectionOptions options() {
        return options;
    }

    /** The unique name from {@code Hello}, or {@code null} without it. */
    public String uniqueName() {
        return uniqueName;
    }

    public boolean unixFdsEnabled() {
        return engine.channel().unixFdsEnabled();
    }

    /** Sends a message without waiting; returns its serial. Thread-safe. */
    public int send(Message message) {
        return engine.send(message);
    }

    /**
     * Sends a method call and waits for its reply. Thread-safe; any number of threads may wait
     * at once.
     *
     * @throws DBusErrorException for an error reply
     * @throws DBusTimeoutException if no reply arrives in time (a later reply is discarded)
     * @throws ConnectionClosedException if the router is closed or the connection is lost
     * @throws InterruptedException if the waiting thread is interrupted (the call is forgotten)
     */
    public Message sendAndGetReply(Message call, Duration timeout) throws InterruptedException {
        return Engines.await(engine, engine.call(call, timeout), timeout.toMillis(), describe(call));
    }

    /** As {@link #sendAndGetReply(Message, Duration)} with the default timeout of the options. */
    public Message sendAndGetReply(Message call) throws InterruptedException {
        return sendAndGetReply(call, options.defaultTimeout());
    }

    /**
     * Sends a method call; the future completes (on whichever thread is reading messages — attach only quick,
     * non-blocking actions, or use the async integration) with the reply.
     */
    public CompletableFuture<Message> sendAndGetReplyAsync(Message call) {
        return engine.call(call);
    }

    /**
     * A local filter with a bounded queue: messages matching {@code rule} go to it. Does not ask
     * the bus to route anything here; see {@link #subscribe}. A well-known {@code sender} in the
     * rule matches its current owner, which the router starts tracking (with the bus's
     * {@code NameOwnerChanged} and {@code GetNameOwner}).
     */
    public Filter filter(MatchRule rule, int capacity) {
        return new Filter(rule, capacity, false);
    }

    /**
     * A filter plus the bus match ({@code AddMatch}) that routes such messages here; closing the
     * filter removes the match when no other subscription uses the same rule. Returns when the
     * bus has the match and, for a well-known {@code sender}, its owner is known: from then on
     * no matching message is missed.
     */
    public Filter subscribe(MatchRule rule, int capacity) throws InterruptedException {
        addBusMatch(rule);
        Filter f;
        try {
            f = new Filter(rule, capacity, true);
        } catch (RuntimeException e) {
            removeBusMatch(rule);
            throw e;
        }
        try {
            f.awaitOwner();
        } catch (InterruptedException | RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    /**
     * Runs {@code handler} for every message matching {@code rule}, in arrival order, on a
     * virtual thread of its own (never the reader thread). Messages wait in a queue of
     * {@code capacity}; when the handler falls behind, the oldest are dropped and counted. The
     * handler may call back into the router. Close the returned handle to stop. The handler owns
     * each message's descriptors; if it throws, they are closed.
     */
    public Handler onMessage(MatchRule rule, int capacity, Consumer<Message> handler) {
        return new Handler(filter(rule, capacity), handler);
    }

    /** Runs {@code listener} (on a virtual thread) when the connection closes or is lost. */
    public void onDisconnect(Consumer<ConnectionClosedException> listener) {
        engine.onClose(listener);
    }

    /** Unrouted messages: neither an awaited reply nor matched by any filter. */
    public long unroutedMessages() {
        return engine.unroutedMessages();
    }

    /** Replies that arrived for calls that had timed out or were cancelled. */
    public long lateReplies() {
        return engine.lateReplies();
    }

    public boolean isOpen() {
        return engine.isOpen();
    }

    /**
     * Closes; fails pending calls and wakes filter consumers with "router closed". Messages still
     * queued in filters are discarded and their fds closed (after a connection <em>lost</em>
     * instead, consumers can still take what arrived before). Idempotent.
     */
    @Override
    public void close() {
        engine.close();
        for (Filter f : openFilters) {
            f.queue.clear();
        }
    }

    private static String describe(Message call) {
        return call.member() + (call.destination() != null ? " on " + call.destination() : "");
    }

    private void addBusMatch(MatchRule rule) throws InterruptedException {
        if (busMatches.acquire(rule)) {
            try {
                sendAndGetReply(new MessageBus().addMatch(rule));
            } catch (RuntimeException | InterruptedException e) {
                busMatches.release(rule);
                throw e;
            }
        }
    }

    private void removeBusMatch(MatchRule rule) {
        if (busMatches.release(rule) && engine.isOpen()) {
            try {
                engine.send(new MessageBus().removeMatch(rule)); // no need to wait for the reply
            } catch (RuntimeException e) {
                // closing anyway; the bus forgets our matches when we disconnect
            }
        }
    }

    /**
     * A filter's bounded queue. Thread-safe: any thread may {@link #receive}. Closing removes the
     * filter (and its bus match, for a subscription); consumers waiting on it get a
     * {@link ConnectionClosedException}.
     */
    public final class Filter implements AutoCloseable {
        private final MatchRule rule;
        private final FilterQueue queue;
        private final RouterEngine.Registration registration;
        private final boolean subscribed;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        private final CompletableFuture<Void> ownerKnown;

        private Filter(MatchRule rule, int capacity, boolean subscribed) {
            this.rule = rule;
            this.queue = new FilterQueue(rule.toString(), capacity);
            this.subscribed = subscribed;
            this.ownerKnown = RouterEngine.needsOwner(rule.sender()) ? engine.trackOwner(rule.sender()) : null;
            this.registration = engine.addFilter(rule, queue::offer);
            registration.onRouterClosed(queue::close);
            openFilters.add(this);
        }

        /** Waits until the owner of a well-known sender is known. */
        private void awaitOwner() throws InterruptedException {
            if (ownerKnown == null) {
                return;
            }
            long millis = options.defaultTimeout().toMillis();
            try {
                ownerKnown.get(millis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new DBusTimeoutException("timed out finding the owner of " + rule.sender(),
                        options.defaultTimeout());
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re
                        : new io.jitney.DBusException("could not find the owner of " + rule.sender(), e.getCause());
            }
        }

        public MatchRule rule() {
            return rule;
        }

        /**
         * The next matching message.
         *
         * @throws DBusTimeoutException if none arrives in time
         * @throws ConnectionClosedException if the filter or router was closed (after the queued
         *     messages are taken)
         */
        public Message receive(Duration timeout) throws InterruptedException {
            Message m = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new DBusTimeoutException("timed out waiting for a message matching " + rule, timeout);
            }
            return m;
        }

        /** A queued message or {@code null}, without waiting. */
        public Message poll() {
            return queue.poll();
        }

        /** Messages waiting in the queue. */
        public int size() {
            return queue.size();
        }

        /** Messages dropped because the queue was full. */
        public long dropped() {
            return queue.dropped();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                openFilters.remove(this);
                registration.close();
                queue.close(new ConnectionClosedException("filter closed"));
                queue.clear();
                if (ownerKnown != null) {
                    engine.untrackOwner(rule.sender());
                }
                if (subscribed) {
                    removeBusMatch(rule);
                }
            }
        }
    }

    /** A running handler; closing it stops the handler's thread after the current message. */
    public final class Handler implements AutoCloseable {
        private final Filter filter;
        private final Thread thread;

        private Handler(Filter filter, Consumer<Message> handler) {
            this.filter = filter;
            this.thread = Thread.ofVirtual().name("jitney-handler-" + filter.rule()).start(() -> {
                while (true) {
                    Message m;
                    try {
                        m = filter.queue.poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException | ConnectionClosedException e) {
                        return;
                    }
                    if (m == null) {
                        continue;
                    }
                    try {
                        handler.accept(m);
                    } catch (RuntimeException e) {
                        // A handler that failed is done with the message: its descriptors go too
                        // (one it kept must be dup()ed or release()d before it throws).
                        m.closeUnixFds();
                        System.getLogger(ThreadedRouter.class.getName()).log(System.Logger.Level.WARNING,
                                "a message handler for " + filter.rule() + " failed; the message's descriptors "
                                        + "were closed", e);
                    }
                }
            });
        }

        /** Messages dropped because the handler fell behind. */
        public long dropped() {
            return filter.dropped();
        }

        @Override
        public void close() {
            filter.close();
            thread.interrupt();
        }
    }
}
