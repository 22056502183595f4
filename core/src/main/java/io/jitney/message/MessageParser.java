package io.jitney.message;

import io.jitney.ProtocolException;
import io.jitney.wire.Limits;
import io.jitney.wire.UnixFd;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A sans-I/O message parser: feed it bytes (and received file descriptors) in chunks of any
 * size, take complete messages out with {@link #next()}. It never blocks and never touches a
 * socket; the same stream fed whole, in 16-byte chunks or one byte at a time gives the same
 * messages.
 *
 * <p>Errors: a malformed fixed header (byte order, version, lengths beyond the spec's limits)
 * is a <em>framing</em> error — the stream can no longer be trusted, so the parser refuses all
 * further input with a {@link ProtocolException} that names the original problem. A message
 * whose framing is sound but whose header fields or body are invalid is consumed and reported
 * with a {@code ProtocolException}; parsing continues with the next message. Messages of a type
 * the spec does not define are skipped, as the spec requires, and counted.
 *
 * <p>Memory grows with the bytes actually received, never with a length the input merely
 * claims. Not thread-safe.
 *
 * <p><b>Descriptors.</b> Feed the descriptors a read brought with {@link #feedFds} <em>after</em>
 * the bytes of that read. The parser owns them until a message takes them: each message takes,
 * in arrival order, as many as its {@code UNIX_FDS} header field says, and then owns them (a
 * malformed or unknown-type message closes its own). The spec has descriptors travel with the
 * bytes of their message, so descriptors that arrived with bytes that are all parsed and that
 * no message claimed cannot belong to any later message: the parser closes them as soon as it
 * is past those bytes and counts them ({@link #discardedFds()}). Those still held at
 * {@link #close()} are closed. More than {@link Limits#MAX_UNIX_FDS} descriptors declared by
 * one message is a {@link ProtocolException}.
 */
public final class MessageParser implements AutoCloseable {
    private static final int INITIAL_CAPACITY = 64 * 1024;
    private static final int SHRINK_ABOVE = 4 * 1024 * 1024;

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int start;
    private int end;
    private long streamOffset;
    private int frameLength = -1;
    private ProtocolException broken;
    private long skipped;
    private static final UnixFd[] NO_FDS = new UnixFd[0];
    private final ArrayDeque<UnixFd> fds = new ArrayDeque<>();
    /**
     * For each descriptor in {@link #fds}, the stream offset just past the bytes it arrived
     * with: it can belong only to a message that starts before that offset.
     */
    private final ArrayDeque<Long> fdEnds = new ArrayDeque<>();
    private volatile long discardedFds; // read by other threads for monitoring
    /** Hands descriptors to the message being parsed; one object for the parser's life. */
    private final MessageCodec.FdSource fdSource = this::takeFds;
    private final HeaderFieldsCache.Recent recentHeader = new HeaderFieldsCache.Recent();
    /** Descriptors given to the message being parsed, closed if it turns out malformed. */
    private UnixFd[] taken = NO_FDS;
    /** Stream offset of the message being parsed. */
    private long currentMessageOffset;

    /** Adds received bytes. */
    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /** Adds received bytes. */
    public void feed(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        checkUsable();
        ensureRoom(len);
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    /** Adds the remaining bytes of {@code data} (consuming them). */
    public void feed(ByteBuffer data) {
        checkUsable();
        int len = data.remaining();
        ensureRoom(len);
        data.get(buf, end, len);
        end += len;
    }

    /**
     * A buffer to read into directly, with at least {@code minRoom} bytes of space (more if a
     * message in progress needs it, up to twice what was received); call {@link #commit(int)} with
     * the number of bytes read. Saves a copy for transports that read into a {@code ByteBuffer}.
     */
    public ByteBuffer writableBuffer(int minRoom) {
        checkUsable();
        // Room for what the current message still needs, but never more than twice what has
        // actually arrived: a length the peer merely claims must not cost memory up front.
        int want = Math.max(minRoom, Math.min(bytesWanted(), Math.max(INITIAL_CAPACITY, 2 * buffered())));
        ensureRoom(want);
        return ByteBuffer.wrap(buf, end, buf.length - end);
    }

    /** Records that {@code n} bytes were written into the last {@link #writableBuffer}. */
    public void commit(int n) {
        if (n < 0 || n > buf.length - end) {
            throw new IllegalArgumentException("cannot commit " + n + " bytes; room is " + (buf.length - end));
        }
        end += n;
    }

    /**
     * Takes ownership of descriptors received by one read, fed <em>after</em> the bytes that
     * read brought ({@link #feed}, or {@link #commit}); they go to the messages that start in
     * the bytes fed so far and declare them. After a framing error they are closed at once.
     */
    public void feedFds(int... received) {
        long fedUpTo = streamOffset + (end - start);
        for (int fd : received) {
            UnixFd owned = UnixFd.adopt(fd);
            if (broken != null) {
                owned.close();
                discardedFds++;
                continue;
            }
            fds.add(owned);
            fdEnds.add(fedUpTo);
        }
    }

    /**
     * The next complete message, or {@code null} if more bytes are needed.
     *
     * @throws ProtocolException if the input is malformed (see the class comment)
     */
    public Message next() {
        checkUsable();
        while (true) {
            int available = end - start;
            if (available < Limits.FIXED_HEADER_LENGTH) {
                return null;
            }
            if (frameLength < 0) {
                try {
                    frameLength = MessageCodec.frameLength(buf, start);
                } catch (ProtocolException e) {
                    throw fail(new ProtocolException("framing error in the message starting at stream offset "
                            + streamOffset + ": " + problem(e), streamOffset + Math.max(0, e.offset()), e));
                }
            }
            if (available < frameLength) {
                return null;
            }
            int length = frameLength;
            int at = start;
            long messageOffset = streamOffset;
            start += length;
            streamOffset += length;
            frameLength = -1;
            taken = NO_FDS;
            Message m;
            currentMessageOffset = messageOffset;
            try {
                m = MessageCodec.read(buf, at, length, fdSource, recentHeader);
            } catch (ProtocolException e) {
                for (UnixFd fd : taken) {
                    fd.close();
                }
                taken = NO_FDS;
                dropOrphans(streamOffset);
                compact();
                throw new ProtocolException("malformed message at stream offset " + messageOffset + ": " + problem(e),
                        e.offset(), e);
            }
            dropOrphans(streamOffset);
            compact();
            taken = NO_FDS;
            if (m != null) {
                return m;
            }
            skipped++;
        }
    }

    /** The cause's text without its " (at offset N)" suffix, which the wrapping exception adds again. */
    private static String problem(ProtocolException e) {
        String text = e.getMessage();
        String suffix = " (at offset " + e.offset() + ")";
        return e.offset() >= 0 && text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }

    /**
     * Gives a message the {@code n} descriptors its header declares, from those received with
     * its bytes (those that arrived before its first byte were closed already).
     */
    private UnixFd[] takeFds(int n) {
        dropOrphans(currentMessageOffset);
        if (n == 0) {
            return NO_FDS;
        }
        if (n > fds.size()) {
            throw new ProtocolException("message declares " + n + " unix fds in its header but only " + fds.size()
                    + " were received with it", 0);
        }
        UnixFd[] out = new UnixFd[n];
        for (int i = 0; i < n; i++) {
            out[i] = fds.poll();
            fdEnds.poll();
        }
        taken = out;
        return out;
    }

    /**
     * Closes the descriptors that arrived with bytes before {@code offset}, where every message
     * that could have claimed them has been parsed.
     */
    private void dropOrphans(long offset) {
        Long fdEnd;
        while ((fdEnd = fdEnds.peek()) != null && fdEnd <= offset) {
            fdEnds.poll();
            fds.poll().close();
            discardedFds++;
        }
    }

    /**
     * Bytes needed before {@link #next()} can return the next message: at least 1. For a
     * transport that wants to read exactly enough.
     */
    public int bytesWanted() {
        int available = end - start;
        if (available < Limits.FIXED_HEADER_LENGTH) {
            return Limits.FIXED_HEADER_LENGTH - available;
        }
        if (frameLength < 0 && broken == null) {
            try {
                frameLength = MessageCodec.frameLength(buf, start);
            } catch (ProtocolException e) {
                return 1; // next() will report it
            }
        }
        return Math.max(1, frameLength - available);
    }

    /** Bytes received and not yet returned as messages. */
    public int buffered() {
        return end - start;
    }

    /** Messages skipped because their type is not defined by the spec. */
    public long skippedMessages() {
        return skipped;
    }

    /** Descriptors received and not yet claimed by a message. */
    public int pendingFds() {
        return fds.size();
    }

    /**
     * Descriptors closed because no message could claim them: more arrived with some bytes
     * than the messages in those bytes declared, or they came after a framing error.
     */
    public long discardedFds() {
        return discardedFds;
    }

    /** True after a framing error. */
    public boolean isBroken() {
        return broken != null;
    }

    /** Closes descriptors no message claimed and drops buffered bytes. Idempotent. */
    @Override
    public void close() {
        UnixFd fd;
        while ((fd = fds.poll()) != null) {
            fd.close();
        }
        fdEnds.clear();
        start = end = 0;
    }

    private ProtocolException fail(ProtocolException e) {
        broken = e;
        UnixFd fd;
        while ((fd = fds.poll()) != null) {
            fd.close(); // the stream cannot be trusted: no message will claim them
            discardedFds++;
        }
        fdEnds.clear();
        return e;
    }

    private void checkUsable() {
        if (broken != null) {
            throw new ProtocolException("parser stopped after a framing error and accepts no more input: "
                    + broken.getMessage(), broken.offset(), broken);
        }
    }

    private void compact() {
        if (start == end) {
            start = end = 0;
            if (buf.length > SHRINK_ABOVE) {
                buf = new byte[INITIAL_CAPACITY];
            }
        }
    }

    private void ensureRoom(int n) {
        if (buf.length - end >= n) {
            return;
        }
        int live = end - start;
        if (start > 0 && buf.length - live >= n && live < buf.length / 2) {
            System.arraycopy(buf, start, buf, 0, live);
            start = 0;
            end = live;
            return;
        }
        long needed = (long) live + n;
        if (needed > Limits.MAX_MESSAGE_LENGTH * 2L) {
            throw new IllegalStateException("parser buffer would exceed " + (Limits.MAX_MESSAGE_LENGTH * 2L)
                    + " bytes; call next() to drain messages");
        }
        int cap = (int) Math.min(Math.max(needed, (long) buf.length * 2), Limits.MAX_MESSAGE_LENGTH * 2L);
        byte[] nb = new byte[cap];
        System.arraycopy(buf, start, nb, 0, live);
        buf = nb;
        start = 0;
        end = live;
    }

    @Override
    public String toString() {
        return "MessageParser[buffered=" + buffered() + ", pendingFds=" + fds.size()
                + (broken != null ? ", broken" : "") + "]";
    }
}
