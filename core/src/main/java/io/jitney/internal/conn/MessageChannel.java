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

    private final Transport transport;
    private final boolean unixFds;
    private final MessageParser parser = new MessageParser();
    private final MessageWriter writer = new MessageWriter();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong malformed = new AtomicLong();
    private volatile String closeReason;

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
            ensureOpen();
            ByteBuffer bytes = writer.write(m, serial);
            int[] fds = writer.fds();
            if (fds.length > 0 && !unixFds) {
                throw new IllegalArgumentException("the message carries " + fds.length + " unix fd(s) but this "
                        + "connection did not negotiate fd passing; open it with unix fds enabled");
            }
            transport.write(new ByteBuffer[] {bytes}, fds);
        } catch (ClosedChannelException e) {
            throw closedException(e);
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
            throw new ConnectionClosedException("connection to " + transport.describe() + " failed while writing: "
                    + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The next message, waiting up to {@code timeoutMillis} ({@code < 0}: forever).
     *
     * @return the message, or {@code null} if the time ran out
     * @throws ConnectionClosedException if the peer closed the connection, a framing error made
     *     the stream unusable, or the channel was closed
     */
    public Message read(long timeoutMillis) {
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
                int start = dst.position();
                int n;
                try {
                    n = transport.read(dst, wait, parser::feedFds);
                } catch (ClosedChannelException e) {
                    throw closedException(e);
                } catch (IOException e) {
                    close("read failed: " + e.getMessage());
                    throw new ConnectionClosedException("connection to " + transport.describe()
                            + " failed while reading: " + e.getMessage(), e);
                }
                if (n < 0) {
                    // Count the partial message first: close() drops what the parser holds.
                    int partial = parser.buffered();
                    close("the peer closed the connection");
                    throw new ConnectionClosedException("connection to " + transport.describe() + " was closed by the peer"
                            + (partial > 0 ? " in the middle of a message (" + partial + " bytes of it received)" : ""));
                }
                parser.commit(dst.position() - start);
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
