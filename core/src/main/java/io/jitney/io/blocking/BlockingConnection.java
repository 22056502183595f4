package io.jitney.io.blocking;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusErrorException;
import io.jitney.DBusTimeoutException;
import io.jitney.address.Bus;
import io.jitney.bus.MessageBus;
import io.jitney.internal.conn.Connector;
import io.jitney.internal.conn.MessageChannel;
import io.jitney.internal.conn.SerialCounter;
import io.jitney.io.ConnectionOptions;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.routing.FilterQueue;
import io.jitney.routing.MatchRefCounts;
import io.jitney.routing.MatchRule;
import io.jitney.routing.NameOwnerTracker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A blocking, single-threaded D-Bus connection that doubles as a router, as in the seed's design:
 * it sends and receives messages on the caller's thread, and while it waits for a reply, the
 * other messages that arrive go to matching {@linkplain #filter filters} or are kept for
 * {@link #receive}.
 *
 * <pre>{@code
 * try (var conn = BlockingConnection.open(Bus.SESSION)) {
 *     Message reply = conn.sendAndGetReply(msg, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p><b>Nothing is lost silently.</b> {@link #receive} returns every message that is neither a
 * reply someone waited for nor taken by a filter. Messages that arrive while
 * {@link #sendAndGetReply} waits are kept for {@code receive} up to
 * {@link ConnectionOptions#keepLimit()}; beyond that the oldest are dropped, counted
 * ({@link #droppedMessages()}) and logged once. Filter queues are bounded the same way
 * ({@link FilterQueue}). A reply that arrives after its call timed out is discarded.
 *
 * <p><b>Threads:</b> not thread-safe: use it from one thread at a time (see the threading
 * integration for a connection shared by many threads). {@link #close()} is idempotent.
 */
public final class BlockingConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BlockingConnection.class.getName());
    private static final int ABANDONED_LIMIT = 4096;

    private final MessageChannel channel;
    private final ConnectionOptions options;
    private final String serverGuid;
    private final SerialCounter serials = new SerialCounter();
    private final ArrayDeque<Message> kept = new ArrayDeque<>();
    private final List<Filter> filters = new CopyOnWriteArrayList<>();
    private final LinkedHashSet<Integer> abandoned = new LinkedHashSet<>();
    private final MatchRefCounts busMatches = new MatchRefCounts();
    private final NameOwnerTracker owners = new NameOwnerTracker();
    private final AtomicBoolean closed = new AtomicBoolean();
    private long dropped;
    private boolean loggedDrop;
    private String uniqueName;

    private BlockingConnection(Connector.Connected connected, ConnectionOptions options) {
        this.channel = connected.channel();
        this.serverGuid = connected.serverGuid();
        this.options = options;
    }

    /** Connects to the session or system bus and says {@code Hello}. */
    public static BlockingConnection open(Bus bus) {
        return open(bus.address(), ConnectionOptions.defaults());
    }

    /** Connects to the session or system bus with options. */
    public static BlockingConnection open(Bus bus, ConnectionOptions options) {
        return open(bus.address(), options);
    }

    /** Connects to a D-Bus address (a {@code ;}-separated list is tried in order) and says {@code Hello}. */
    public static BlockingConnection open(String address) {
        return open(address, ConnectionOptions.defaults());
    }

    /**
     * Connects, authenticates and (unless {@code options.hello()} is false, for peer-to-peer)
     * says {@code Hello}.
     *
     * @throws io.jitney.TransportException if no address could be connected to
     * @throws io.jitney.auth.AuthenticationException if authentication failed
     * @throws io.jitney.auth.FdNegotiationException if fds were requested and refused
     */
    public static BlockingConnection open(String address, ConnectionOptions options) {
        var conn = new BlockingConnection(Connector.connect(address, options), options);
        if (options.hello()) {
            try {
                Message reply = conn.sendAndGetReply(new MessageBus().hello(), options.authTimeout());
                conn.uniqueName = (String) reply.body().getFirst();
            } catch (RuntimeException e) {
                conn.close();
                throw e;
            }
        }
        return conn;
    }

    /** The unique name the bus gave this connection, or {@code null} without {@code Hello}. */
    public String uniqueName() {
        return uniqueName;
    }

    /** The server's GUID from authentication. */
    public String serverGuid() {
        return serverGuid;
    }

    /** Whether Unix fd passing was negotiated. */
    public boolean unixFdsEnabled() {
        return channel.unixFdsEnabled();
    }

    /**
     * Sends a message and returns the serial it was given.
     *
     * @throws IllegalArgumentException if a body value does not fit its signature, or the message
     *     carries fds and they were not negotiated (nothing is sent)
     * @throws ConnectionClosedException if the connection is closed
     */
    public int send(Message message) {
        int serial = serials.next();
        channel.write(message, serial);
        return serial;
    }

    /**
     * The next message, whatever it is: first those kept while waiting for replies, then from
     * the socket.
     *
     * @throws DBusTimeoutException if nothing arrives within {@code timeout}
     * @throws ConnectionClosedException if the connection is or becomes closed
     */
    public Message receive(Duration timeout) {
        Message m = kept.pollFirst();
        if (m != null) {
            return m;
        }
        long deadline = deadline(timeout);
        while (true) {
            m = readUntil(deadline, timeout, "waiting for a message");
            if (!isAbandonedReply(m)) {
                owners.onMessage(m);
                return m;
            }
        }
    }

    /**
     * Sends a method call and waits for its reply. Other messages that arrive meanwhile go to
     * matching filters, or are kept for {@link #receive}.
     *
     * @return the method return
     * @throws DBusErrorException if the reply is an error (carries its name and text)
     * @throws DBusTimeoutException if no reply arrives in time (a late reply is discarded)
     */
    public Message sendAndGetReply(Message call, Duration timeout) {
        if (call.type() != MessageType.METHOD_CALL) {
            throw new IllegalArgumentException("sendAndGetReply needs a METHOD_CALL, not " + call.type());
        }
        long deadline = deadline(timeout);
        int serial = send(call);
        try {
            while (true) {
                Message m = readUntil(deadline, timeout, "waiting for the reply to " + call.member() + " (serial "
                        + Integer.toUnsignedString(serial) + ")");
                if (m.isReplyTo(serial)) {
                    if (m.type() == MessageType.ERROR) {
                        throw DBusErrorException.of(m);
                    }
                    return m;
                }
                dispatch(m);
            }
        } catch (DBusTimeoutException e) {
            abandon(serial);
            throw e;
        }
    }

    /** Sends and waits, with {@link ConnectionOptions#defaultTimeout()}. */
    public Message sendAndGetReply(Message call) {
        return sendAndGetReply(call, options.defaultTimeout());
    }

    /**
     * A local filter: messages matching {@code rule} that arrive while this connection waits (in
     * {@link #sendAndGetReply}, {@link #receive(Filter, Duration)}) go to its bounded queue
     * instead of {@link #receive}. Does not ask the bus to route anything: for signals, use
     * {@link #subscribe}. Close the filter to remove it.
     */
    public Filter filter(MatchRule rule, int capacity) {
        if (rule.sender() != null && !rule.sender().startsWith(":") && !rule.sender().equals(MessageBus.BUS_NAME)
                && uniqueName != null) {
            trackOwner(rule.sender());
        }
        var f = new Filter(rule, new FilterQueue(rule.toString(), capacity), false);
        filters.add(f);
        return f;
    }

    /**
     * A filter plus the bus match that routes such messages here ({@code AddMatch}); closing the
     * returned filter removes both. The same rule subscribed twice is added to the bus once and
     * removed when the last subscription closes.
     */
    public Filter subscribe(MatchRule rule, int capacity) {
        if (busMatches.acquire(rule)) {
            try {
                sendAndGetReply(new MessageBus().addMatch(rule), options.defaultTimeout());
            } catch (RuntimeException e) {
                busMatches.release(rule);
                throw e;
            }
        }
        Filter f = filter(rule, capacity);
        return new Filter(f.rule, f.queue, true);
    }

    /**
     * The next message for {@code filter}, reading (and dispatching other messages) as needed.
     *
     * @throws DBusTimeoutException if none arrives in time
     */
    public Message receive(Filter filter, Duration timeout) {
        Message m = filter.queue.poll();
        if (m != null) {
            return m;
        }
        long deadline = deadline(timeout);
        while (true) {
            Message next = readUntil(deadline, timeout, "waiting for a message matching " + filter.rule);
            dispatch(next);
            m = filter.queue.poll();
            if (m != null) {
                return m;
            }
        }
    }

    /** Messages dropped because more than {@code keepLimit} were waiting for {@link #receive}. */
    public long droppedMessages() {
        return dropped;
    }

    /** Messages from the peer skipped because they were malformed. */
    public long malformedMessages() {
        return channel.malformedMessages();
    }

    /** Closes the connection and releases the socket; idempotent. Queued fds are closed. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            channel.close();
            var why = new ConnectionClosedException("connection closed");
            for (Filter f : filters) {
                f.queue.close(why);
                f.queue.clear();
            }
            Message m;
            while ((m = kept.pollFirst()) != null) {
                m.closeUnixFds();
            }
        }
    }

    // ------------------------------------------------------------------ internals

    private static long deadline(Duration timeout) {
        long nanos = timeout.toNanos();
        long now = System.nanoTime();
        return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
    }

    private Message readUntil(long deadline, Duration timeout, String what) {
        long remaining = deadline == Long.MAX_VALUE ? -1 : Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
        Message m = remaining == 0 ? null : channel.read(remaining);
        if (m == null) {
            throw new DBusTimeoutException("timed out " + what, timeout);
        }
        return m;
    }

    private boolean isAbandonedReply(Message m) {
        if ((m.type() == MessageType.METHOD_RETURN || m.type() == MessageType.ERROR)
                && abandoned.remove(m.replySerial())) {
            m.closeUnixFds();
            return true;
        }
        return false;
    }

    private void abandon(int serial) {
        abandoned.add(serial);
        if (abandoned.size() > ABANDONED_LIMIT) {
            var it = abandoned.iterator();
            it.next();
            it.remove();
        }
    }

    /** A message that is not the awaited reply: to filters, or kept for receive(). */
    private void dispatch(Message m) {
        if (isAbandonedReply(m)) {
            return;
        }
        owners.onMessage(m);
        boolean matched = false;
        for (Filter f : filters) {
            if (f.rule.matches(m, owners)) {
                f.queue.offer(m); // every matching filter gets it, as in Jeepney
                matched = true;
            }
        }
        if (!matched) {
            keep(m);
        }
    }

    private void keep(Message m) {
        if (kept.size() >= options.keepLimit()) {
            Message old = kept.pollFirst();
            old.closeUnixFds();
            dropped++;
            if (!loggedDrop) {
                loggedDrop = true;
                LOG.log(System.Logger.Level.WARNING, "more than {0} messages arrived while waiting for replies and "
                        + "nobody called receive(); dropping the oldest (droppedMessages() counts them)", options.keepLimit());
            }
        }
        kept.addLast(m);
    }

    private void trackOwner(String wellKnown) {
        var bus = new MessageBus();
        try {
            subscribeQuietly(MatchRule.nameOwnerChangedRule(wellKnown));
            Message reply = sendAndGetReply(bus.getNameOwner(wellKnown), options.defaultTimeout());
            owners.setOwner(wellKnown, (String) reply.body().getFirst());
        } catch (DBusErrorException e) {
            owners.setOwner(wellKnown, null); // no owner yet; NameOwnerChanged will tell us
        }
    }

    /** Adds a bus match held for the life of the connection (name-owner tracking). */
    private void subscribeQuietly(MatchRule rule) {
        if (!busMatches.contains(rule) && busMatches.acquire(rule)) {
            sendAndGetReply(new MessageBus().addMatch(rule), options.defaultTimeout());
        }
    }

    private void unsubscribe(MatchRule rule) {
        if (busMatches.release(rule) && !closed.get()) {
            try {
                sendAndGetReply(new MessageBus().removeMatch(rule), options.defaultTimeout());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "RemoveMatch failed", e);
            }
        }
    }

    /**
     * A filter's bounded queue of matching messages. Closing it removes the filter (and, for a
     * subscription, the bus match when no other subscription uses the same rule). Use it from the
     * connection's thread.
     */
    public final class Filter implements AutoCloseable {
        private final MatchRule rule;
        private final FilterQueue queue;
        private final boolean subscribed;
        private boolean closedFilter;

        private Filter(MatchRule rule, FilterQueue queue, boolean subscribed) {
            this.rule = rule;
            this.queue = queue;
            this.subscribed = subscribed;
        }

        public MatchRule rule() {
            return rule;
        }

        /** The next matching message, reading from the connection as needed. */
        public Message receive(Duration timeout) {
            return BlockingConnection.this.receive(this, timeout);
        }

        /** A queued message, or {@code null}; does not read from the connection. */
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
            if (closedFilter) {
                return;
            }
            closedFilter = true;
            filters.removeIf(f -> f.queue == queue);
            queue.clear();
            if (subscribed) {
                unsubscribe(rule);
            }
        }
    }
}
