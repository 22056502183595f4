package io.jitney.internal.conn;

import io.jitney.ConnectionClosedException;
import io.jitney.ProtocolException;
import io.jitney.internal.transport.Transport;
import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import io.jitney.message.MessageWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An authenticated transport that speaks whole messages: {@link #write} serialises and sends one
 * message (header and body in one gathered write, its fds with its first byte); {@link #read}
 * returns the next complete message, reading in large chunks and parsing as many messages as one
 * read brings.
 *
 * <p>Threading: any number of threads may write (a lock keeps each message whole); one thread
 * at a time may read. {@link #close} may be called from any thread and wakes a blocked reader.
 * Uses {@link ReentrantLock}, not {@code synchronized}, so virtual threads do not pin.
 *
 * <p>A message with a valid frame but invalid content is logged, counted
 * ({@link #malformedMessages()}) and skipped: one bad message from a peer does not break the
 * connection for everyone. A framing error or end of stream closes the channel.
 */
public final class MessageChannel implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MessageChannel.class.getName());
    private static final int READ_CHUNK = 64 * 1024;
    private static final int BULK_READ_MIN = 64 * 1024;
    private static final int[] NO_FDS = new int[0];

    private final Transport transport;
    private final boolean unixFds;
    private final MessageParser parser = new MessageParser();
    /** Descriptors of the read in progress; used by the reader only. */
    private final FdCollector received = new FdCollector();
    private final MessageWriter writer = new MessageWriter();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong malformed = new AtomicLong();
    private volatile String closeReason;
    /** The tail of a message {@link #tryWrite} could not finish: goes out before anything else. */
    private ByteBuffer unsent;
    /** Messages {@link #enqueue}d and not yet written; whoever holds the write lock writes them. */
    private final ConcurrentLinkedQueue<ByteBuffer> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong outboxBytes = new AtomicLong();
    private static final long OUTBOX_LIMIT = 4 << 20;
    private static final int GATHER = 64;
    private static final long GATHER_BYTES = 256 * 1024;

    /** What {@link #tryWrite} did. */
    public enum Attempt {
        /** The whole message went to the socket. */
        WRITTEN,
        /**
         * It went, or part did; the rest — or a message another thread queued meanwhile — waits
         * in the channel for {@link #flush} (or the next write), on a thread that may block.
         */
        STARTED,
        /** Nothing went (the socket is full, or another thread is writing): write it with {@link #write}. */
        NOT_WRITTEN
    }

    /**
     * @param leftover bytes that arrived after the SASL exchange (normally none)
     */
    public MessageChannel(Transport transport, boolean unixFds, byte[] leftover) {
        this.transport = transport;
        this.unixFds = unixFds;
        if (leftover != null && leftover.length > 0) {
            parser.feed(leftover);
        }
    }

    public boolean unixFdsEnabled() {
        return unixFds;
    }

    public String describe() {
        return transport.describe();
    }

    /**
     * Sends one message with the given serial.
     *
     * @throws IllegalArgumentException if a body value does not fit, or the message carries fds
     *     and this channel did not negotiate fd passing (nothing is written)
     * @throws ConnectionClosedException if the channel is closed
     */
    public void write(Message m, int serial) {
        writeLock.lock();
        try {
            writeLocked(m, serial);
        } finally {
            writeLock.unlock();
        }
    }

    /** With the write lock: what is left over or queued, then {@code m} through the reusable buffer. */
    private void writeLocked(Message m, int serial) {
        try {
            ensureOpen();
            flushUnsent();
            drainOutbox();
            ByteBuffer bytes = writer.write(m, serial);
            transport.write(new ByteBuffer[] {bytes}, checkedFds());
        } catch (ClosedChannelException e) {
            throw closedException(e);
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    /** With the write lock: writes what is left over and what is queued. */
    private void flushLocked() {
        try {
            ensureOpen();
            flushUnsent();
            drainOutbox();
        } catch (ClosedChannelException e) {
            throw closedException(e);
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    /**
     * Sends one message if that does not block: only if no other thread is writing, nothing is
     * left over from an earlier attempt, and the socket takes at least its first byte now. If
     * the socket takes only part, the rest is kept (copied) and goes out first with the next
     * {@link #write} or {@link #flush} — the caller arranges a {@code flush} on a thread that may
     * block. Nothing here ever waits.
     *
     * @throws IllegalArgumentException as {@link #write} (nothing is written)
     * @throws ConnectionClosedException if the channel is closed
     */
    public Attempt tryWrite(Message m, int serial) {
        if (!writeLock.tryLock()) {
            return Attempt.NOT_WRITTEN;
        }
        boolean partial = false;
        try {
            ensureOpen();
            if (unsent != null || !outbox.isEmpty()) {
                return Attempt.NOT_WRITTEN;
            }
            ByteBuffer bytes = writer.write(m, serial);
            ByteBuffer[] buffers = {bytes};
            if (transport.writeNow(buffers, checkedFds()) == 0) {
                return Attempt.NOT_WRITTEN;
            }
            if (bytes.hasRemaining()) {
                unsent = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
                partial = true;
            }
        } catch (ClosedChannelException e) {
            throw closedException(e);
        } catch (IOException e) {
            throw writeFailed(e);
        } finally {
            writeLock.unlock();
        }
        // A call queued (enqueue) while this thread held the lock was left for it to write; it
        // may not block here, so the caller's flush() on a thread that may does it.
        return partial || !outbox.isEmpty() ? Attempt.STARTED : Attempt.WRITTEN;
    }

    /**
     * Sends a message that no one waits to see written — a method call, whose caller waits for
     * the reply instead. If no other thread is writing, this one writes it (and anything
     * queued) at once; if one is, it is serialised on this thread into a buffer of its own and
     * queued, and the thread writing takes it along — many per gathered write — while this one
     * returns at once. Many threads calling at once thus share system calls and never queue up
     * on a lock. (A message with descriptors, or a queue grown past {@value #OUTBOX_LIMIT} bytes
     * — the socket is not keeping up — is written by this thread, waiting its turn.) A write
     * that fails closes the channel, which fails the calls.
     *
     * @throws IllegalArgumentException as {@link #write} (nothing is queued)
     * @throws ConnectionClosedException if the channel is closed, or this thread's write failed
     */
    public void enqueue(Message m, int serial) {
        if (writeLock.tryLock()) {
            // No one writing: write it now, through the reusable buffer, as write() would.
            try {
                writeLocked(m, serial);
            } finally {
                writeLock.unlock();
            }
            drainQueued(!outbox.isEmpty() && writeLock.tryLock());
            return;
        }
        ensureOpen();
        ByteBuffer bytes = MessageWriter.encode(m, serial);
        if (bytes == null) {
            write(m, serial); // descriptors go with the message's first byte, in a write of its own
            return;
        }
        outbox.add(bytes);
        if (outboxBytes.addAndGet(bytes.remaining()) > OUTBOX_LIMIT) {
            writeLock.lock(); // back-pressure: wait for the writer, then help
            drainQueued(true);
        } else {
            drainQueued(writeLock.tryLock()); // if taken, the thread writing now takes this along
        }
    }

    /**
     * With {@code locked} (the write lock held), writes what is queued and lets go of the lock;
     * again while a message queued after the last look but before the unlock (whose sender
     * found the lock taken and left it to this thread) is waiting and the lock is free.
     */
    private void drainQueued(boolean locked) {
        while (locked) {
            try {
                flushLocked();
            } finally {
                writeLock.unlock();
            }
            locked = !outbox.isEmpty() && writeLock.tryLock();
        }
    }

    /** With the write lock: writes everything queued, up to {@value #GATHER} messages per system call. */
    private void drainOutbox() throws IOException {
        ByteBuffer[] batch = null;
        while (true) {
            ByteBuffer first = outbox.poll();
            if (first == null) {
                return;
            }
            if (batch == null) {
                batch = new ByteBuffer[GATHER];
            }
            batch[0] = first;
            int n = 1;
            long bytes = first.remaining();
            while (n < GATHER && bytes < GATHER_BYTES) {
                ByteBuffer next = outbox.poll();
                if (next == null) {
                    break;
                }
                batch[n++] = next;
                bytes += next.remaining();
            }
            outboxBytes.addAndGet(-bytes);
            transport.write(n == GATHER ? batch : Arrays.copyOf(batch, n), NO_FDS);
            Arrays.fill(batch, null);
        }
    }

    /** Writes what {@link #tryWrite} left over, blocking until it is out. */
    public void flush() {
        writeLock.lock();
        try {
            flushLocked();
        } finally {
            writeLock.unlock();
        }
    }

    private void flushUnsent() throws IOException {
        if (unsent != null) {
            ByteBuffer rest = unsent;
            unsent = null; // a failure closes the connection: it is not retried
            transport.write(new ByteBuffer[] {rest}, NO_FDS);
        }
    }

    /** The last serialised message's fds, if this channel may send them. */
    private int[] checkedFds() {
        int[] fds = writer.fds();
        if (fds.length > 0 && !unixFds) {
            throw new IllegalArgumentException("the message carries " + fds.length + " unix fd(s) but fd passing "
                    + "is not enabled on this connection (" + transport.describe() + "); open it with "
                    + "ConnectionOptions.withUnixFds(true) on a unix: address. Nothing was sent");
        }
        return fds;
    }

    private ConnectionClosedException writeFailed(IOException e) {
        close("write failed: " + e.getMessage());
        return new ConnectionClosedException("connection to " + transport.describe() + " failed while writing: "
                + e.getMessage(), e);
    }

    /**
     * The next message, waiting up to {@code timeoutMillis} ({@code < 0}: forever), taking from
     * the socket no more than that message: what follows stays there until it is wanted, as
     * sd-bus and libdbus read. For a thread that reads what it then handles itself: one that
     * took every queued message at once would catch up with a stream of signals and sleep, to be
     * woken by the next, six times as often as sd-bus (blocking client, E3 of
     * {@code benchmarks/compare}), and on two cores each wake-up takes a core from the sender.
     *
     * @return the message, or {@code null} if the time ran out
     * @throws ConnectionClosedException if the peer closed the connection, a framing error made
     *     the stream unusable, or the channel was closed
     */
    public Message read(long timeoutMillis) {
        return read(timeoutMillis, false);
    }

    /**
     * As {@link #read(long)}, but one read from the socket may take every message queued there:
     * for a reader thread that hands messages on to others, where batching spares system calls
     * (64 pipelined calls of one connection: one read for many replies instead of three each).
     */
    public Message readBatched(long timeoutMillis) {
        return read(timeoutMillis, true);
    }

    private Message read(long timeoutMillis, boolean batched) {
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
        readLock.lock();
        try {
            while (true) {
                Message m = nextParsed();
                if (m != null) {
                    return m;
                }
                ensureOpen();
                long wait;
                if (deadline == Long.MAX_VALUE) {
                    wait = -1;
                } else {
                    wait = Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000L);
                    if (wait == 0) {
                        return null;
                    }
                }
                ByteBuffer dst = parser.writableBuffer(READ_CHUNK);
                int wanted = parser.bytesWanted();
                if (!batched && dst.remaining() > wanted) {
                    dst.limit(dst.position() + wanted); // its fixed header, then the rest
                }
                int start = dst.position();
                int n;
                received.clear();
                try {
                    // The rest of a large message, where no descriptors can come: straight into the parser's array.
                    n = !unixFds && wanted >= BULK_READ_MIN
                            ? transport.readBulk(dst, wait)
                            : transport.read(dst, wait, received, parser.buffered() > 0);
                } catch (ClosedChannelException e) {
                    received.closeAll();
                    throw closedException(e);
                } catch (IOException e) {
                    received.closeAll();
                    close("read failed: " + e.getMessage());
                    throw new ConnectionClosedException("connection to " + transport.describe()
                            + " failed while reading: " + e.getMessage(), e);
                }
                if (n < 0) {
                    received.closeAll();
                    // Count the partial message first: close() drops what the parser holds.
                    int partial = parser.buffered();
                    close("the peer closed the connection");
                    throw new ConnectionClosedException("connection to " + transport.describe() + " was closed by the peer"
                            + (partial > 0 ? " in the middle of a message (" + partial + " bytes of it received)" : ""));
                }
                parser.commit(dst.position() - start);
                // After the bytes: the parser ties each descriptor to the bytes it came with.
                parser.feedFds(received.take());
            }
        } finally {
            if (closed.get()) {
                parser.close(); // release fds no one will receive now
            }
            readLock.unlock();
        }
    }

    private Message nextParsed() {
        while (true) {
            try {
                return parser.next();
            } catch (ProtocolException e) {
                if (parser.isBroken()) {
                    close("protocol error: " + e.getMessage());
                    throw new ConnectionClosedException("connection to " + transport.describe()
                            + " closed after a protocol error: " + e.getMessage(), e);
                }
                long n = malformed.incrementAndGet();
                if (n == 1 || Long.bitCount(n) == 1) {
                    LOG.log(System.Logger.Level.WARNING, "skipped a malformed message from {0} ({1} so far): {2}",
                            transport.describe(), n, e.getMessage());
                }
            }
        }
    }

    /** Messages skipped because their content was invalid. */
    public long malformedMessages() {
        return malformed.get();
    }

    /** Received descriptors closed because no message claimed them (see {@link MessageParser}). */
    public long discardedFds() {
        return parser.discardedFds();
    }

    /** The descriptors one {@code read} brings, until they are handed to the parser. */
    private static final class FdCollector implements java.util.function.IntConsumer {
        private int[] fds = new int[8];
        private int n;

        @Override
        public void accept(int fd) {
            if (n == fds.length) {
                fds = Arrays.copyOf(fds, n * 2);
            }
            fds[n++] = fd;
        }

        void clear() {
            n = 0;
        }

        int[] take() {
            int[] out = n == 0 ? NO_FDS : Arrays.copyOf(fds, n);
            n = 0;
            return out;
        }

        void closeAll() {
            for (int i = 0; i < n; i++) {
                io.jitney.internal.unix.LibC.closeQuietly(fds[i]);
            }
            n = 0;
        }
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Why the channel closed, or {@code null} while it is open. */
    public String closeReason() {
        return closeReason;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ConnectionClosedException("connection to " + transport.describe() + " is closed"
                    + (closeReason != null ? " (" + closeReason + ")" : ""));
        }
    }

    private ConnectionClosedException closedException(IOException cause) {
        return new ConnectionClosedException("connection to " + transport.describe() + " is closed"
                + (closeReason != null ? " (" + closeReason + ")" : ""), cause);
    }

    /** Closes with a reason that later exceptions report. Idempotent. */
    public void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            closeReason = reason;
            try {
                transport.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + transport.describe() + " failed", e);
            }
            // The parser is owned by the reader; only release its fds when no one is reading.
            if (readLock.tryLock()) {
                try {
                    parser.close();
                } finally {
                    readLock.unlock();
                }
            }
        }
    }

    @Override
    public void close() {
        close("closed by this side");
    }
}
