package io.jitney.internal.transport;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.IntConsumer;

/**
 * A connected byte stream to a D-Bus peer, with optional file-descriptor passing. Knows nothing of
 * SASL or messages.
 *
 * <p>Threading: one thread may read while another writes. Concurrent calls to {@link #write} (or
 * to {@link #read}) are serialised by the transport, but callers should serialise writes above it
 * so that whole messages are not interleaved. {@link #close()} may be called from any thread at
 * any time; it wakes a thread blocked in either direction, which then gets an
 * {@link java.nio.channels.AsynchronousCloseException}; calls after close get a
 * {@link java.nio.channels.ClosedChannelException}.
 */
public interface Transport extends Closeable {

    /**
     * Writes every remaining byte of {@code buffers}, in order, as one gathered write where
     * possible, and advances their positions. {@code fds} (may be empty) go with the first byte; the
     * descriptors stay open and owned by the caller. Blocks until all is written.
     *
     * @throws IllegalArgumentException if fds are given but the transport cannot pass them, there
     *     are more than the transport can pass at once, or there is no byte to carry them
     */
    void write(ByteBuffer[] buffers, int[] fds) throws IOException;

    /**
     * Writes what the transport takes without blocking, in order, advancing the buffers'
     * positions; {@code fds} go with the first byte if any is written. The rest (if not all was
     * taken) must follow with {@link #write} before anything else is written.
     *
     * @return bytes written: 0 if none (then the fds did not go either); the default, for
     *     transports that cannot write without blocking, always writes nothing
     */
    default long writeNow(ByteBuffer[] buffers, int[] fds) throws IOException {
        return 0;
    }

    /**
     * Reads at least one byte into {@code dst} (as many as are available and fit), advancing its
     * position, and hands any file descriptors received with them to {@code fdSink}, in order; the
     * sink then owns them (they have close-on-exec set).
     *
     * @param timeoutMillis how long to wait for data: {@code < 0} waits forever
     * @return bytes read; {@code -1} at end of stream; {@code 0} if the timeout elapsed first
     * @throws IllegalArgumentException if {@code dst} has no room
     */
    int read(ByteBuffer dst, long timeoutMillis, IntConsumer fdSink) throws IOException;

    /**
     * As {@link #read}, with a hint: {@code likelyThere} when the bytes asked for are probably
     * in the socket already (the rest of a message whose start has arrived), so that a transport
     * may try reading before waiting; otherwise it may wait first. By default, {@code read}.
     */
    default int read(ByteBuffer dst, long timeoutMillis, IntConsumer fdSink, boolean likelyThere) throws IOException {
        return read(dst, timeoutMillis, fdSink);
    }

    /**
     * As {@link #read}, for the rest of a large message when the peer sends no descriptors
     * (fd passing was not negotiated): a transport may then read straight into a heap buffer,
     * without passing through native memory. By default, {@code read}.
     */
    default int readBulk(ByteBuffer dst, long timeoutMillis) throws IOException {
        return read(dst, timeoutMillis, fd -> {
            throw new IllegalStateException("a descriptor arrived where none was negotiated");
        });
    }

    /** Whether this transport can carry file descriptors (Unix sockets only). */
    boolean canPassFds();

    /** Unblocks threads blocked in read or write and releases the connection; idempotent. */
    @Override
    void close() throws IOException;

    /** The address or kind of this connection, for messages, as in {@code unix:path=/run/user/0/bus}. */
    String describe();
}
