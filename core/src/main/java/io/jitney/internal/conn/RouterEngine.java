package io.jitney.internal.conn;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusErrorException;
import io.jitney.DBusException;
import io.jitney.bus.MessageBus;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.routing.NameOwnerTracker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The machinery every multi-threaded integration shares: one background reader thread that
 * reads messages in order and routes each one — a reply to the future of the call waiting for
 * it, anything else to every matching filter sink, and what nothing wants to the fallback.
 *
 * <p><b>Sinks run on the reader thread</b> and must not block or run user code: they hand the
 * message to a queue (a {@code FilterQueue}, a publisher's buffer) that user code drains on its
 * own thread. Reply futures are completed on the reader thread; integrations whose users attach
 * callbacks hand them on to another executor.
 *
 * <p>When the reader stops — {@link #close()}, or the peer closing the socket, or a framing
 * error — every pending call fails at once with a {@link ConnectionClosedException} that says
 * why, and every close listener runs (on a new virtual thread, never the reader).
 */
public final class RouterEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RouterEngine.class.getName());

    /** What receives messages that match a filter. Runs on the reader thread: must not block. */
    public interface Sink extends Consumer<Message> {}

    private final MessageChannel channel;
    private final String name;
    private final SerialCounter serials = new SerialCounter();
    private final Map<Integer, CompletableFuture<Message>> waiters = new ConcurrentHashMap<>();
    private final List<Registration> filters = new CopyOnWriteArrayList<>();
    private final List<Consumer<ConnectionClosedException>> closeListeners = new CopyOnWriteArrayList<>();
    private final NameOwnerTracker owners = new NameOwnerTracker();
    private final ReentrantLock ownersLock = new ReentrantLock();
    private final Map<String, Tracked> tracked = new HashMap<>();
    /** Where work that sends goes instead of the reader thread (a full socket must not stall reading). */
    private static final Executor OFF_READER = r -> Thread.ofVirtual().name("jitney-owner-tracking").start(r);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong unrouted = new AtomicLong();
    private final AtomicLong lateReplies = new AtomicLong();
    private volatile Consumer<Message> fallback;
    private volatile ConnectionClosedException closedBecause;
    private Thread reader;

    /**
     * @param fallback receives messages that are neither an awaited reply nor matched by a
     *     filter; runs on the reader thread and may block only to apply back-pressure (a
     *     connection's bounded receive queue); {@code null} to use {@link #replyUnknownMethod}
     */
    public RouterEngine(MessageChannel channel, String name, Consumer<Message> fallback) {
        this.channel = channel;
        this.name = name;
        this.fallback = fallback;
    }

    /** Starts the reader thread. Call once, after any synchronous setup on the channel. */
    public synchronized void start() {
        if (reader != null) {
            throw new IllegalStateException("already started");
        }
        reader = Thread.ofPlatform().daemon().name("jitney-reader-" + name).start(this::readLoop);
    }

    public MessageChannel channel() {
        return channel;
    }

    public NameOwnerTracker owners() {
        return owners;
    }

    /**
     * Sends a message; returns its serial.
     *
     * @throws ConnectionClosedException if the router is closed
     */
    public int send(Message m) {
        checkOpen();
        int serial = serials.next();
        channel.write(m, serial);
        return serial;
    }

    /**
     * Sends a method call and returns a future for its reply: completed with the method return,
     * or exceptionally with a {@link DBusErrorException} for an error reply or a
     * {@link ConnectionClosedException} if the connection goes away first. Cancelling the future
     * forgets the call (a reply arriving later is discarded).
     */
    public CompletableFuture<Message> call(Message m) {
        if (m.type() != MessageType.METHOD_CALL) {
            throw new IllegalArgumentException("a call needs a METHOD_CALL, not " + m.type());
        }
        if (m.hasFlag(MessageFlag.NO_REPLY_EXPECTED)) {
            throw new IllegalArgumentException("the message has NO_REPLY_EXPECTED set; use send()");
        }
        checkOpen();
        int serial = serials.next();
        var future = new CompletableFuture<Message>();
        waiters.put(serial, future);
        future.whenComplete((r, e) -> waiters.remove(serial, future));
        try {
            channel.write(m, serial);
        } catch (RuntimeException e) {
            waiters.remove(serial);
            future.completeExceptionally(e);
            return future;
        }
        ConnectionClosedException why = closedBecause;
        if (why != null) {
            future.completeExceptionally(why); // closed between the check and the write
        }
        return future;
    }

    /** Adds a filter; the sink gets every message matching the rule, in arrival order. */
    public Registration addFilter(MatchRule rule, Sink sink) {
        var r = new Registration(rule, sink);
        filters.add(r);
        return r;
    }

    /**
     * True if a rule's {@code sender} is a well-known name other than the bus's: such a rule
     * matches locally only while the name's owner is tracked ({@link #trackOwner}).
     */
    public static boolean needsOwner(String sender) {
        return sender != null && !sender.startsWith(":") && !sender.equals(MessageBus.BUS_NAME);
    }

    /**
     * Keeps {@link #owners()} current for the well-known name {@code name} until as many
     * {@link #untrackOwner} calls: adds the bus match for its {@code NameOwnerChanged}, then
     * asks {@code GetNameOwner}. The reply is applied on the reader thread in arrival order with
     * the signals, so the tracker ends with the right owner whichever came first. The future
     * completes once the owner (or its absence) is known; it fails if the bus refused, and the
     * caller still calls {@code untrackOwner} once.
     */
    public CompletableFuture<Void> trackOwner(String name) {
        ownersLock.lock();
        try {
            Tracked t = tracked.get(name);
            if (t != null) {
                t.users++;
                return t.known;
            }
            MatchRule rule = MatchRule.nameOwnerChangedRule(name);
            // owners.onMessage has applied the signal already; this filter only keeps it from
            // counting as unrouted.
            Registration registration = addFilter(rule, m -> {});
            var bus = new MessageBus();
            CompletableFuture<Message> added;
            try {
                added = call(bus.addMatch(rule));
            } catch (RuntimeException e) {
                registration.close();
                throw e;
            }
            CompletableFuture<Void> known = added.thenComposeAsync(ok -> {
                var reply = new CompletableFuture<Message>();
                var applied = reply.handle((m, e) -> {
                    Message r = m != null ? m : e instanceof DBusErrorException d ? d.reply() : null;
                    if (r == null || !owners.onGetNameOwnerReply(name, r)) {
                        throw e instanceof RuntimeException re ? re : new DBusException("GetNameOwner failed", e);
                    }
                    return (Void) null;
                });
                callInto(bus.getNameOwner(name), reply); // the handler is attached before the call is written
                return applied;
            }, OFF_READER);
            tracked.put(name, new Tracked(rule, registration, known));
            return known; // on failure too, the caller undoes its trackOwner with untrackOwner

        } finally {
            ownersLock.unlock();
        }
    }

    /** Undoes one {@link #trackOwner}; the last one removes the bus match and forgets the owner. */
    public void untrackOwner(String name) {
        Tracked t;
        ownersLock.lock();
        try {
            t = tracked.get(name);
            if (t == null || --t.users > 0) {
                return;
            }
            tracked.remove(name);
        } finally {
            ownersLock.unlock();
        }
        t.registration.close();
        owners.forget(name);
        if (isOpen() && t.known.isDone() && !t.known.isCompletedExceptionally()) {
            try {
                send(new MessageBus().removeMatch(t.rule));
            } catch (RuntimeException e) {
                // the bus forgets our matches when the connection goes away
            }
        }
    }

    private static final class Tracked {
        final MatchRule rule;
        final Registration registration;
        final CompletableFuture<Void> known;
        int users = 1;

        Tracked(MatchRule rule, Registration registration, CompletableFuture<Void> known) {
            this.rule = rule;
            this.registration = registration;
            this.known = known;
        }
    }

    /** As {@link #call}, completing a future the caller made (and attached handlers to) first. */
    private void callInto(Message m, CompletableFuture<Message> future) {
        try {
            checkOpen();
        } catch (ConnectionClosedException e) {
            future.completeExceptionally(e);
            return;
        }
        int serial = serials.next();
        waiters.put(serial, future);
        future.whenComplete((r, e) -> waiters.remove(serial, future));
        try {
            channel.write(m, serial);
        } catch (RuntimeException e) {
            waiters.remove(serial);
            future.completeExceptionally(e);
            return;
        }
        ConnectionClosedException why = closedBecause;
        if (why != null) {
            future.completeExceptionally(why);
        }
    }

    /** Runs {@code listener} (on a new virtual thread) when the connection closes or is lost. */
    public void onClose(Consumer<ConnectionClosedException> listener) {
        closeListeners.add(listener);
        ConnectionClosedException why = closedBecause;
        if (why != null && closeListeners.remove(listener)) {
            Thread.ofVirtual().start(() -> listener.accept(why));
        }
    }

    /** Messages that matched no filter and went to the fallback. */
    public long unroutedMessages() {
        return unrouted.get();
    }

    /** Replies that arrived for no waiting call (timed out or cancelled). */
    public long lateReplies() {
        return lateReplies.get();
    }

    /** Calls still waiting for a reply. */
    public int pendingCalls() {
        return waiters.size();
    }

    /** Why the router stopped, or {@code null} while it runs. */
    public ConnectionClosedException closedBecause() {
        return closedBecause;
    }

    public boolean isOpen() {
        return closedBecause == null;
    }

    private void checkOpen() {
        ConnectionClosedException why = closedBecause;
        if (why != null) {
            throw new ConnectionClosedException(why.getMessage(), why);
        }
    }

    private void readLoop() {
        ConnectionClosedException why;
        try {
            while (true) {
                Message m = channel.read(-1);
                if (m != null) {
                    route(m);
                }
            }
        } catch (ConnectionClosedException e) {
            why = closing.get()
                    ? new ConnectionClosedException("router closed", e)
                    : new ConnectionClosedException("connection lost: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "reader thread of " + name + " failed", e);
            why = new ConnectionClosedException("connection lost: reader failed: " + e, e);
            channel.close("reader failed: " + e);
        }
        shutDown(why);
    }

    private void route(Message m) {
        MessageType type = m.type();
        if (type == MessageType.METHOD_RETURN || type == MessageType.ERROR) {
            CompletableFuture<Message> waiter = waiters.remove(m.replySerial());
            if (waiter != null) {
                if (type == MessageType.ERROR) {
                    // The error becomes an exception; descriptors in an error reply are not kept.
                    m.closeUnixFds();
                    waiter.completeExceptionally(DBusErrorException.of(m));
                } else if (!waiter.complete(m)) {
                    // Cancelled or timed out between the lookup and now: nobody will take it.
                    lateReplies.incrementAndGet();
                    m.closeUnixFds();
                }
                return;
            }
        }
        owners.onMessage(m);
        Registration only = null;
        List<Registration> matching = null;
        for (Registration r : filters) {
            if (r.rule.matches(m, owners)) {
                if (only == null) {
                    only = r;
                } else {
                    if (matching == null) {
                        matching = new ArrayList<>();
                        matching.add(only);
                    }
                    matching.add(r);
                }
            }
        }
        if (matching != null) {
            deliverToEach(m, matching);
            return;
        }
        if (only != null) {
            deliver(only, m);
            return;
        }
        if ((type == MessageType.METHOD_RETURN || type == MessageType.ERROR) && fallback == null) {
            lateReplies.incrementAndGet();
            m.closeUnixFds();
            LOG.log(System.Logger.Level.DEBUG, "discarding a reply no call is waiting for: {0}", m);
            return;
        }
        unrouted.incrementAndGet();
        Consumer<Message> fb = fallback;
        if (fb != null) {
            fb.accept(m);
        } else {
            replyUnknownMethod(m);
        }
    }

    /**
     * Several filters matched: each gets a message of its own, so that each consumer owns (and
     * closes) its own descriptors. The copies are made before anyone gets the original, which
     * its consumer may close at once.
     */
    private void deliverToEach(Message m, List<Registration> matching) {
        Message[] copies = new Message[matching.size()];
        copies[0] = m;
        for (int i = 1; i < copies.length; i++) {
            try {
                copies[i] = m.withDuplicatedFds();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not duplicate the descriptors of " + m + " for filter "
                        + matching.get(i).rule + "; that filter does not get it", e);
            }
        }
        for (int i = 0; i < copies.length; i++) {
            if (copies[i] != null) {
                deliver(matching.get(i), copies[i]);
            }
        }
    }

    private static void deliver(Registration r, Message m) {
        try {
            r.sink.accept(m);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a filter sink failed on " + m, e);
        }
    }

    /**
     * What a router does with a message nobody wants: a method call gets an
     * {@code org.freedesktop.DBus.Error.UnknownMethod} error (unless it asked for no reply), so
     * the caller does not wait for a timeout; anything else is dropped (counted in
     * {@link #unroutedMessages()}), with its fds closed.
     */
    public void replyUnknownMethod(Message m) {
        m.closeUnixFds();
        if (m.type() == MessageType.METHOD_CALL && !m.hasFlag(MessageFlag.NO_REPLY_EXPECTED) && m.sender() != null) {
            try {
                send(Messages.newError(m, "org.freedesktop.DBus.Error.UnknownMethod",
                        "no handler for " + m.interfaceName() + "." + m.member() + " on " + m.path()));
            } catch (DBusException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not answer an unhandled call", e);
            }
        }
    }

    private void shutDown(ConnectionClosedException why) {
        closedBecause = why;
        channel.close(why.getMessage());
        for (var it = waiters.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            it.remove();
            e.getValue().completeExceptionally(why);
        }
        for (Registration r : filters) {
            r.closeListener(why);
        }
        for (Consumer<ConnectionClosedException> l : closeListeners) {
            Thread.ofVirtual().name("jitney-closed-" + name).start(() -> {
                try {
                    l.accept(why);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a close listener failed", e);
                }
            });
        }
        closeListeners.clear();
    }

    /**
     * Closes the connection; every pending call fails at once with "router closed".
     * Idempotent; waits briefly for the reader thread to finish.
     */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Closes the connection. With {@code wait}, waits (briefly) for the reader thread to fail
     * the pending calls; without, returns at once and the reader does so a moment later.
     */
    public void close(boolean wait) {
        if (closing.compareAndSet(false, true)) {
            channel.close("router closed");
            Thread r = reader;
            if (r == null) {
                shutDown(new ConnectionClosedException("router closed"));
            } else if (wait && r != Thread.currentThread()) {
                try {
                    r.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** A filter: its rule, its sink, and what to tell its consumers when the router stops. */
    public final class Registration implements AutoCloseable {
        private final MatchRule rule;
        private final Sink sink;
        private volatile Consumer<ConnectionClosedException> onRouterClosed;

        private Registration(MatchRule rule, Sink sink) {
            this.rule = rule;
            this.sink = sink;
        }

        public MatchRule rule() {
            return rule;
        }

        /** What to do when the router stops (e.g. wake the queue's consumers). */
        public void onRouterClosed(Consumer<ConnectionClosedException> action) {
            onRouterClosed = action;
            ConnectionClosedException why = closedBecause;
            if (why != null) {
                action.accept(why);
            }
        }

        private void closeListener(ConnectionClosedException why) {
            Consumer<ConnectionClosedException> a = onRouterClosed;
            if (a != null) {
                a.accept(why);
            }
        }

        /** Removes the filter. */
        @Override
        public void close() {
            filters.remove(this);
        }
    }
}
