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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The machinery every multi-threaded integration shares: one background reader thread that
 * reads messages in order and routes each one — a reply to the future of the call waiting for
 * it, anything else to every matching filter sink, and what nothing wants to the fallback.
 *
 * <p>Platform threads waiting for a reply may read and route in the reader thread's place
 * ({@link #awaitReply}): one thread at a time reads, whichever it is.
 *
 * <p><b>Sinks run on the reading thread</b> and must not block or run user code: they hand the
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
    private final CallDeadlines deadlines;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong unrouted = new AtomicLong();
    private final AtomicLong lateReplies = new AtomicLong();
    private volatile Consumer<Message> fallback;
    private volatile ConnectionClosedException closedBecause;
    private final AtomicBoolean shutDown = new AtomicBoolean();
    private volatile Thread reader;

    // Who reads. Whoever holds readTurn reads and routes: the reader thread, or a platform thread
    // waiting for a reply (awaitReply). Callers waiting for replies read for themselves while the
    // reader thread stands down, which spares each call a hand-off between two threads.
    private static final long LINGER_NANOS = 1_000_000;
    private static final long SLICE_MILLIS = 100;
    private final ReentrantLock readTurn = new ReentrantLock();
    private final AtomicInteger callersReading = new AtomicInteger();
    private final ConcurrentLinkedQueue<Thread> followers = new ConcurrentLinkedQueue<>();
    private volatile long lastCallerLeft = System.nanoTime() - LINGER_NANOS;
    /** Callers may read only if routing never blocks (no fallback that waits for room). */
    private final boolean callersMayRead;

    /**
     * @param fallback receives messages that are neither an awaited reply nor matched by a
     *     filter; runs on the reader thread and may block only to apply back-pressure (a
     *     connection's bounded receive queue); {@code null} to use {@link #replyUnknownMethod}
     */
    public RouterEngine(MessageChannel channel, String name, Consumer<Message> fallback) {
        this.channel = channel;
        this.name = name;
        this.fallback = fallback;
        this.callersMayRead = fallback == null;
        this.deadlines = new CallDeadlines(waiters.values(), name);
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
        checkCall(m);
        var future = new CompletableFuture<Message>();
        callInto(m, future);
        return future;
    }

    /**
     * As {@link #call(Message)}, failing the future with a {@link io.jitney.DBusTimeoutException}
     * if no reply has come within {@code timeout} (the call is then forgotten: a later reply is
     * discarded). One sweeper thread per engine keeps the deadlines, not a timer per call.
     */
    public CompletableFuture<Message> call(Message m, java.time.Duration timeout) {
        CompletableFuture<Message> call = prepareCall(m, timeout);
        startCall(call);
        return call;
    }

    /**
     * The first half of {@link #call(Message, java.time.Duration)}, for integrations that write
     * on another thread: the future of the call, made now so the caller can hold (and wait on)
     * it; nothing is sent until {@link #startCall}.
     */
    public CompletableFuture<Message> prepareCall(Message m, java.time.Duration timeout) {
        checkCall(m);
        long nanos;
        try {
            nanos = Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE / 4; // centuries: as good as no deadline
        }
        return new CallDeadlines.Call(m, System.nanoTime() + nanos, timeout);
    }

    /**
     * Sends a call made by {@link #prepareCall}; a failure to send fails its future. Its
     * deadline counts from {@code prepareCall}.
     */
    public void startCall(CompletableFuture<Message> prepared) {
        var call = (CallDeadlines.Call) prepared;
        if (callInto(call.take(), call)) {
            deadlines.added(call);
        }
    }

    /**
     * As {@link #startCall}, but only if that does not block ({@link MessageChannel#tryWrite}):
     * {@code NOT_WRITTEN} leaves the call unsent, for {@code startCall} on a thread that may
     * block; {@code STARTED} means part is out and {@code channel().flush()} must follow there.
     * A call that fails (closed, a value that does not fit) fails its future and counts as
     * written.
     */
    public MessageChannel.Attempt tryStartCall(CompletableFuture<Message> prepared) {
        var call = (CallDeadlines.Call) prepared;
        MessageChannel.Attempt attempt = register(call.message(), call, channel::tryWrite);
        if (attempt == null) {
            return MessageChannel.Attempt.WRITTEN; // failed, and its future says why
        }
        if (attempt != MessageChannel.Attempt.NOT_WRITTEN) {
            call.take();
            deadlines.added(call);
        }
        return attempt;
    }

    /** What {@link #trySend} sent: its serial, and whether {@code channel().flush()} must follow. */
    public record Sent(int serial, boolean needsFlush) {}

    /**
     * As {@link #send}, but only if that does not block; {@code null} if nothing was sent.
     *
     * @throws ConnectionClosedException if the router is closed
     */
    public Sent trySend(Message m) {
        checkOpen();
        int serial = serials.next();
        return switch (channel.tryWrite(m, serial)) {
            case WRITTEN -> new Sent(serial, false);
            case STARTED -> new Sent(serial, true);
            case NOT_WRITTEN -> null;
        };
    }

    /** Whether {@code call} came from {@link #call(Message, java.time.Duration)}: the engine fails it at its deadline. */
    public static boolean hasDeadline(CompletableFuture<?> call) {
        return call instanceof CallDeadlines.Call;
    }

    private void checkCall(Message m) {
        if (m.type() != MessageType.METHOD_CALL) {
            throw new IllegalArgumentException("a call needs a METHOD_CALL, not " + m.type());
        }
        if (m.hasFlag(MessageFlag.NO_REPLY_EXPECTED)) {
            throw new IllegalArgumentException("the message has NO_REPLY_EXPECTED set; use send()");
        }
        checkOpen();
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

    /**
     * As {@link #call}, completing a future the caller made (and attached handlers to) first.
     * Returns whether the call is pending (false: the future has failed already).
     */
    private boolean callInto(Message m, CompletableFuture<Message> future) {
        return register(m, future, (message, serial) -> {
            channel.enqueue(message, serial);
            return MessageChannel.Attempt.WRITTEN;
        }) != null;
    }

    /** How a call's message goes out: {@link MessageChannel#enqueue} or {@link MessageChannel#tryWrite}. */
    private interface CallWriter {
        MessageChannel.Attempt write(Message m, int serial);
    }

    /**
     * Gives the call a serial, makes {@code future} its reply's waiter, and writes it. Returns
     * how the write went, with the call pending; {@code NOT_WRITTEN} with nothing sent and
     * {@code future} untouched; {@code null} if the call failed (closed, a write that threw)
     * and {@code future} has failed with the reason.
     */
    private MessageChannel.Attempt register(Message m, CompletableFuture<Message> future, CallWriter writer) {
        try {
            checkOpen();
        } catch (ConnectionClosedException e) {
            future.completeExceptionally(e);
            return null;
        }
        int serial = serials.next();
        waiters.put(serial, future);
        MessageChannel.Attempt attempt;
        try {
            attempt = writer.write(m, serial);
        } catch (RuntimeException e) {
            waiters.remove(serial);
            future.completeExceptionally(e);
            return null;
        }
        if (attempt == MessageChannel.Attempt.NOT_WRITTEN) {
            waiters.remove(serial);
            return attempt;
        }
        // After the write, so a call that was not written leaves no handler behind. A reply or
        // a cancellation that came first makes this run at once.
        future.whenComplete((r, e) -> waiters.remove(serial, future));
        ConnectionClosedException why = closedBecause;
        if (why != null) {
            future.completeExceptionally(why); // closed between the check and the write
            return null;
        }
        return attempt;
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
        try {
            while (closedBecause == null) {
                standDown();
                readTurn.lock();
                try {
                    if (callersMayRead && callersReading.get() > 0) {
                        continue; // a caller came while this thread waited for the turn: it reads
                    }
                    Message m = channel.readBatched(-1);
                    if (m != null) {
                        route(m);
                    }
                } finally {
                    readTurn.unlock();
                    wakeFollowers();
                }
            }
        } catch (RuntimeException | Error e) {
            readingFailed(e);
        }
    }

    /**
     * On the reader thread: waits while callers are reading for themselves, and for a moment
     * after the last one left (the next call, if one comes at once, reads for itself too) —
     * unless calls are pending that no caller is reading for.
     */
    private void standDown() {
        if (!callersMayRead) {
            return;
        }
        while (closedBecause == null) {
            if (callersReading.get() > 0) {
                LockSupport.parkNanos(this, LINGER_NANOS);
                continue;
            }
            if (!waiters.isEmpty()) {
                return;
            }
            long idle = System.nanoTime() - lastCallerLeft;
            if (idle >= LINGER_NANOS) {
                return;
            }
            LockSupport.parkNanos(this, LINGER_NANOS - idle);
        }
    }

    /**
     * Waits until {@code reply} is done or {@code deadline} ({@link System#nanoTime()}) passes,
     * reading and routing messages on this thread whenever no other thread is reading: a
     * platform thread waiting for a reply takes the reply from the socket itself, instead of
     * being handed it by the reader thread. Several such callers take turns; the reader thread
     * stands down meanwhile. Returns at once on a virtual thread (a read in native code would
     * pin its carrier), on the reader thread, or where routing may block (a connection's
     * bounded inbox): the caller then simply waits on the future.
     *
     * @throws InterruptedException if this thread is interrupted (noticed within 100 ms)
     */
    public void awaitReply(CompletableFuture<?> reply, long deadline) throws InterruptedException {
        Thread me = Thread.currentThread();
        if (!callersMayRead || reply.isDone() || me.isVirtual() || me == reader) {
            return;
        }
        callersReading.incrementAndGet();
        boolean following = false;
        try {
            while (!reply.isDone() && closedBecause == null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                if (tryLead(reply, deadline)) {
                    continue;
                }
                if (!following) {
                    following = true;
                    reply.whenComplete((r, e) -> LockSupport.unpark(me));
                }
                followers.add(me); // before the second try: whoever unlocks next sees this thread
                try {
                    if (!tryLead(reply, deadline)) {
                        LockSupport.parkNanos(this, Math.min(left, SLICE_MILLIS * 1_000_000));
                    }
                } finally {
                    followers.remove(me);
                }
            }
        } finally {
            lastCallerLeft = System.nanoTime();
            if (following && !readTurn.isLocked()) {
                wakeFollowers(); // this caller may have been woken to read, and is leaving instead
            }
            if (callersReading.decrementAndGet() == 0 && !waiters.isEmpty()) {
                LockSupport.unpark(reader); // calls no caller reads for now
            }
        }
    }

    /**
     * As {@link #awaitReply(CompletableFuture, long)} for a call made with a timeout
     * ({@link #call(Message, java.time.Duration)}, {@link #prepareCall}): until its deadline.
     */
    public void awaitReply(CompletableFuture<?> call) throws InterruptedException {
        long deadline = call instanceof CallDeadlines.Call c ? c.deadline : System.nanoTime() + Long.MAX_VALUE / 4;
        awaitReply(call, deadline);
    }

    /** Reads and routes until {@code reply} is done, if no one else is reading; false if someone is. */
    private boolean tryLead(CompletableFuture<?> reply, long deadline) {
        if (!readTurn.tryLock()) {
            return false;
        }
        try {
            Thread me = Thread.currentThread();
            while (!reply.isDone() && !me.isInterrupted()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Message m = channel.readBatched(Math.min((left + 999_999) / 1_000_000, SLICE_MILLIS));
                if (m != null) {
                    route(m);
                }
            }
        } catch (RuntimeException | Error e) {
            readingFailed(e);
        } finally {
            readTurn.unlock();
            wakeFollowers();
        }
        return true;
    }

    /**
     * After giving up the turn: wakes the longest-waiting caller to read next (one, not all: a
     * herd of woken threads fighting for one turn costs more than the hand-off it saves). A
     * woken caller whose reply came meanwhile passes the turn on as it leaves.
     */
    private void wakeFollowers() {
        Thread next = followers.peek();
        if (next != null) {
            LockSupport.unpark(next);
        }
    }

    /** Whoever was reading got an exception: the connection is over; fail everything. */
    private void readingFailed(Throwable e) {
        ConnectionClosedException why;
        if (e instanceof ConnectionClosedException c) {
            why = closing.get()
                    ? new ConnectionClosedException("router closed", c)
                    : new ConnectionClosedException("connection lost: " + c.getMessage(), c);
        } else {
            LOG.log(System.Logger.Level.ERROR, "reading messages of " + name + " failed", e);
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
        if (!shutDown.compareAndSet(false, true)) {
            return; // a caller reading and the reader thread may both see the end
        }
        closedBecause = why;
        deadlines.stop();
        Thread readerThread = reader;
        if (readerThread != null) {
            LockSupport.unpark(readerThread); // standing down: it finds the engine closed
        }
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
