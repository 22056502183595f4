package io.jitney.internal.transport;

import static io.jitney.internal.unix.LibC.*;

import io.jitney.internal.unix.ErrnoException;
import io.jitney.internal.unix.FdGuard;
import io.jitney.internal.unix.LibC;
import io.jitney.internal.unix.NativeBuffer;
import io.jitney.internal.unix.PeerCredentials;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * A stream Unix domain socket through FFM: path and abstract addresses, {@code SCM_RIGHTS} in both
 * directions, peer credentials.
 *
 * <p>The socket is blocking; read timeouts use {@code poll(2)}. Each direction has its own native
 * scratch memory (message header, iovecs, control buffer, a data buffer for heap
 * {@link ByteBuffer}s) allocated once, and its own lock, so one reader and one writer run without
 * contention and without allocating per call. Direct buffers are read and written in place.
 * {@code EINTR} is retried. The fd lives in a {@link FdGuard}: {@link #close()} shuts the socket
 * down first (waking a blocked reader or writer) and the fd is closed once, after the last call
 * in flight has returned.
 */
public final class UnixSocketTransport implements Transport {
    /**
     * Most descriptors the kernel takes in one {@code sendmsg} (Linux {@code SCM_MAX_FD}); also
     * sizes the receive control buffer, as one {@code recvmsg} on a stream socket never returns
     * descriptors from two sends.
     */
    public static final int MAX_FDS_PER_CALL = 253;

    private static final long CONTROL_SIZE = cmsgSpace(4L * MAX_FDS_PER_CALL);
    private static final int MAX_IOV = 64;
    private static final int[] NO_FDS = new int[0];
    private static final long SCRATCH_INITIAL = 64 * 1024;
    private static final long SCRATCH_MAX = 4 * 1024 * 1024;

    private final FdGuard guard;
    private final String description;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Side reader = new Side();
    private final Side writer = new Side();

    /** Native memory of one direction; used only under that direction's lock. */
    private static final class Side {
        final Arena arena = Arena.ofShared();
        final MemorySegment msg = arena.allocate(MSGHDR);
        final MemorySegment iov = arena.allocate(IOVEC.byteSize() * MAX_IOV, 8);
        final MemorySegment control = arena.allocate(CONTROL_SIZE, 8);
        final MemorySegment pollfd = arena.allocate(POLLFD);
        final MemorySegment errno = LibC.allocateErrno(arena);
        final NativeBuffer data = new NativeBuffer(SCRATCH_INITIAL, SCRATCH_MAX);

        void free() {
            data.close();
            arena.close();
        }
    }

    /**
     * The send buffer asked for: a 1 MiB message then goes out in one {@code sendmsg} and the
     * peer reads it in few wake-ups. sd-bus asks for the same. The kernel caps the request at
     * {@code net.core.wmem_max} (often 208 KiB on desktops), which is left as the administrator set it.
     */
    static final int SEND_BUFFER_REQUEST = 8 * 1024 * 1024;

    private UnixSocketTransport(int fd, String description) {
        this.description = description;
        raiseSendBuffer(fd);
        this.guard = new FdGuard(fd, () -> {
            try (Arena a = Arena.ofConfined()) {
                LibC.close(LibC.allocateErrno(a), fd);
            } finally {
                reader.free();
                writer.free();
            }
        });
    }

    /**
     * Takes ownership of a connected stream socket (for {@code accept} and {@code socketpair}).
     * The fd is closed by {@link #close()}.
     */
    static UnixSocketTransport adopt(int fd, String description) {
        return new UnixSocketTransport(fd, description);
    }

    /** Connects to a socket in the file system. */
    public static UnixSocketTransport connectPath(Path path, String description) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        return connect(name, false, description);
    }

    /** Connects to a Linux abstract socket ({@code name} without the leading NUL). */
    public static UnixSocketTransport connectAbstract(String name, String description) throws IOException {
        return connect(name.getBytes(StandardCharsets.UTF_8), true, description);
    }

    /**
     * Fills a {@code sockaddr_un} and returns the address length to pass: for a path, the family and
     * the path (the trailing NUL is in the zeroed struct but not counted); for an abstract name,
     * the family, the leading NUL and the name — never the whole struct, as the NULs after an
     * abstract name would be part of it.
     */
    static int sockaddrUn(MemorySegment addr, byte[] name, boolean isAbstract) {
        int prefix = isAbstract ? 1 : 0;
        if (name.length + prefix > SUN_PATH_SIZE - 1 || name.length == 0) {
            throw new IllegalArgumentException("a Unix socket name must be 1.." + (SUN_PATH_SIZE - 1 - prefix)
                    + " bytes, not " + name.length);
        }
        for (byte b : name) {
            if (b == 0) {
                throw new IllegalArgumentException("a Unix socket name must not contain NUL");
            }
        }
        addr.fill((byte) 0);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, SUN_PATH_OFFSET + prefix, name.length);
        return (int) (SUN_PATH_OFFSET + prefix + name.length);
    }

    private static UnixSocketTransport connect(byte[] name, boolean isAbstract, String description)
            throws IOException {
        LibC.checkSupported();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment addr = a.allocate(SOCKADDR_UN_SIZE, 8);
            int len = sockaddrUn(addr, name, isAbstract);
            int fd = LibC.socket(errno, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new ErrnoException("socket(AF_UNIX) for " + description, LibC.errno(errno));
            }
            boolean ok = false;
            try {
                if (LibC.connect(errno, fd, addr, len) < 0) {
                    int err = LibC.errno(errno);
                    if (err != EINTR) {
                        throw new ErrnoException("connect(" + description + ")", err);
                    }
                    // Interrupted: the connection goes on in the background; wait for it.
                    awaitConnect(a, errno, fd, description);
                }
                ok = true;
                return new UnixSocketTransport(fd, description);
            } finally {
                if (!ok) {
                    LibC.close(errno, fd);
                }
            }
        }
    }

    private static void awaitConnect(Arena a, MemorySegment errno, int fd, String description)
            throws IOException {
        MemorySegment pfd = a.allocate(POLLFD);
        pfd.set(ValueLayout.JAVA_INT, POLL_FD, fd);
        pfd.set(ValueLayout.JAVA_SHORT, POLL_EVENTS, POLLOUT);
        while (LibC.poll(errno, pfd, 1, -1) < 0) {
            if (LibC.errno(errno) != EINTR) {
                throw new ErrnoException("poll(" + description + ")", LibC.errno(errno));
            }
        }
        MemorySegment value = a.allocate(ValueLayout.JAVA_INT);
        MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
        len.set(ValueLayout.JAVA_INT, 0, 4);
        if (LibC.getsockopt(errno, fd, SOL_SOCKET, SO_ERROR, value, len) < 0) {
            throw new ErrnoException("getsockopt(SO_ERROR, " + description + ")", LibC.errno(errno));
        }
        int err = value.get(ValueLayout.JAVA_INT, 0);
        if (err != 0) {
            throw new ErrnoException("connect(" + description + ")", err);
        }
    }

    /** A connected pair of sockets ({@code socketpair(2)}), for tests and peer-to-peer use. */
    public record Pair(UnixSocketTransport first, UnixSocketTransport second) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                first.close();
            } finally {
                second.close();
            }
        }
    }

    /** Creates a connected pair of Unix stream sockets. */
    public static Pair socketPair() throws IOException {
        int[] fds = rawSocketPair();
        return new Pair(adopt(fds[0], "socketpair[0]"), adopt(fds[1], "socketpair[1]"));
    }

    /** {@code socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)}: two raw fds the caller owns. */
    static int[] rawSocketPair() throws IOException {
        LibC.checkSupported();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment sv = a.allocate(ValueLayout.JAVA_INT, 2);
            if (LibC.socketpair(errno, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
                throw new ErrnoException("socketpair(AF_UNIX)", LibC.errno(errno));
            }
            return new int[] {sv.getAtIndex(ValueLayout.JAVA_INT, 0), sv.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }

    @Override
    public boolean canPassFds() {
        return true;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Best effort: a socket keeps its default buffer if the request fails. */
    private static void raiseSendBuffer(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment value = a.allocate(ValueLayout.JAVA_INT);
            value.set(ValueLayout.JAVA_INT, 0, SEND_BUFFER_REQUEST);
            MemorySegment errno = LibC.allocateErrno(a);
            if (LibC.setsockopt(errno, fd, SOL_SOCKET, SO_SNDBUF, value, (int) ValueLayout.JAVA_INT.byteSize()) < 0) {
                System.getLogger(UnixSocketTransport.class.getName()).log(System.Logger.Level.DEBUG,
                        "setsockopt(SO_SNDBUF) failed with errno {0}; keeping the default send buffer", LibC.errno(errno));
            }
        }
    }

    /** The socket's send buffer in bytes, as the kernel reports it ({@code SO_SNDBUF}, which Linux doubles). */
    public int sendBufferSize() throws IOException {
        int fd = guard.acquire();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment value = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) ValueLayout.JAVA_INT.byteSize());
            if (LibC.getsockopt(errno, fd, SOL_SOCKET, SO_SNDBUF, value, len) < 0) {
                throw new ErrnoException("getsockopt(SO_SNDBUF, " + description + ")", LibC.errno(errno));
            }
            return value.get(ValueLayout.JAVA_INT, 0);
        } finally {
            guard.release();
        }
    }

    /** The peer's credentials ({@code SO_PEERCRED}): for a socketpair, this process. */
    public PeerCredentials peerCredentials() throws IOException {
        int fd = guard.acquire();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment cred = a.allocate(UCRED);
            MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) UCRED.byteSize());
            if (LibC.getsockopt(errno, fd, SOL_SOCKET, SO_PEERCRED, cred, len) < 0) {
                throw new ErrnoException("getsockopt(SO_PEERCRED, " + description + ")", LibC.errno(errno));
            }
            return new PeerCredentials(cred.get(ValueLayout.JAVA_INT, 0), cred.get(ValueLayout.JAVA_INT, 4),
                    cred.get(ValueLayout.JAVA_INT, 8));
        } finally {
            guard.release();
        }
    }

    // --- write ------------------------------------------------------------------------------------

    @Override
    public void write(ByteBuffer[] buffers, int[] fds) throws IOException {
        send(buffers, fds, true);
    }

    /** One {@code sendmsg} with {@code MSG_DONTWAIT}: what the socket takes now. */
    @Override
    public long writeNow(ByteBuffer[] buffers, int[] fds) throws IOException {
        return send(buffers, fds, false);
    }

    /** Writes (all of it, or with {@code wait} false what goes without blocking); returns bytes written. */
    private long send(ByteBuffer[] buffers, int[] fds, boolean wait) throws IOException {
        Objects.requireNonNull(buffers, "buffers");
        Objects.requireNonNull(fds, "fds");
        if (fds.length > MAX_FDS_PER_CALL) {
            throw new IllegalArgumentException(fds.length + " file descriptors in one write; at most "
                    + MAX_FDS_PER_CALL + " go in one sendmsg");
        }
        long total = 0;
        long heap = 0;
        for (ByteBuffer b : buffers) {
            total += b.remaining();
            heap += b.isDirect() ? 0 : b.remaining();
        }
        if (total == 0) {
            if (fds.length > 0) {
                throw new IllegalArgumentException("file descriptors need at least one byte to go with");
            }
            return 0;
        }
        int fd = guard.acquire();
        long written = 0;
        writeLock.lock();
        try {
            Side w = writer;
            if (fds.length == 0 && buffers.length == 1 && heap >= HEAP_DIRECT_MIN) {
                return sendFromHeap(w, fd, buffers[0], wait);
            }
            MemorySegment scratch = heap > 0 ? w.data.ensure(heap) : w.data.segment();
            int first = 0;
            boolean fdsPending = fds.length > 0;
            while (true) {
                while (first < buffers.length && !buffers[first].hasRemaining()) {
                    first++;
                }
                if (first == buffers.length) {
                    return written;
                }
                int n = 0;
                long used = 0;
                for (int i = first; i < buffers.length && n < MAX_IOV; i++) {
                    ByteBuffer b = buffers[i];
                    int rem = b.remaining();
                    if (rem == 0) {
                        continue;
                    }
                    long base;
                    long len;
                    if (b.isDirect()) {
                        base = MemorySegment.ofBuffer(b).address();
                        len = rem;
                    } else {
                        long space = scratch.byteSize() - used;
                        if (space == 0) {
                            break;
                        }
                        len = Math.min(rem, space);
                        MemorySegment.copy(MemorySegment.ofBuffer(b), 0, scratch, used, len);
                        base = scratch.address() + used;
                        used += len;
                    }
                    w.iov.set(ValueLayout.JAVA_LONG, n * IOVEC.byteSize() + IOV_BASE, base);
                    w.iov.set(ValueLayout.JAVA_LONG, n * IOVEC.byteSize() + IOV_LEN, len);
                    n++;
                    if (len < rem) {
                        break;
                    }
                }
                MemorySegment msg = w.msg;
                msg.fill((byte) 0);
                msg.set(ValueLayout.ADDRESS, MSG_IOV, w.iov);
                msg.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, n);
                if (fdsPending) {
                    long space = cmsgSpace(4L * fds.length);
                    w.control.asSlice(0, space).fill((byte) 0);
                    w.control.set(ValueLayout.JAVA_LONG, CMSG_LEN_OFFSET, cmsgLen(4L * fds.length));
                    w.control.set(ValueLayout.JAVA_INT, CMSG_LEVEL, SOL_SOCKET);
                    w.control.set(ValueLayout.JAVA_INT, CMSG_TYPE, SCM_RIGHTS);
                    MemorySegment.copy(fds, 0, w.control, ValueLayout.JAVA_INT, CMSG_DATA, fds.length);
                    msg.set(ValueLayout.ADDRESS, MSG_CONTROL, w.control);
                    msg.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, space);
                }
                long sent = LibC.sendmsg(w.errno, fd, msg, wait ? MSG_NOSIGNAL : MSG_NOSIGNAL | MSG_DONTWAIT);
                Reference.reachabilityFence(buffers);
                if (sent < 0) {
                    int err = LibC.errno(w.errno);
                    if (err == EINTR) {
                        continue;
                    }
                    if (err == EAGAIN) {
                        if (!wait) {
                            return written;
                        }
                        awaitReady(w, fd, POLLOUT, -1);
                        continue;
                    }
                    if (guard.isClosed()) {
                        throw closedDuring("write");
                    }
                    throw new ErrnoException("sendmsg(" + description + ")", err);
                }
                fdsPending = false;
                written += sent;
                for (int i = first; sent > 0 && i < buffers.length; i++) {
                    ByteBuffer b = buffers[i];
                    int k = (int) Math.min(sent, b.remaining());
                    b.position(b.position() + k);
                    sent -= k;
                }
            }
        } finally {
            writeLock.unlock();
            guard.release();
        }
    }

    /**
     * Large messages carry no descriptors as a rule: from a heap buffer, {@code send} takes the
     * array itself (a critical call, always non-blocking), sparing a copy into native memory.
     */
    private static final int HEAP_DIRECT_MIN = 64 * 1024;

    /** Writes (all of it, or with {@code wait} false what goes without blocking) straight from a heap buffer. */
    private long sendFromHeap(Side w, int fd, ByteBuffer b, boolean wait) throws IOException {
        MemorySegment data = MemorySegment.ofBuffer(b);
        long len = data.byteSize();
        long off = 0;
        try {
            while (off < len) {
                long n = LibC.sendHeap(w.errno, fd, data.asSlice(off), len - off, MSG_NOSIGNAL);
                if (n >= 0) {
                    off += n;
                    continue;
                }
                int err = LibC.errno(w.errno);
                if (err == EINTR) {
                    continue;
                }
                if (err == EAGAIN) {
                    if (!wait) {
                        break;
                    }
                    awaitReady(w, fd, POLLOUT, -1);
                    continue;
                }
                if (guard.isClosed()) {
                    throw closedDuring("write");
                }
                throw new ErrnoException("send(" + description + ")", err);
            }
        } finally {
            b.position(b.position() + (int) off);
        }
        return off;
    }

    // --- read -------------------------------------------------------------------------------------

    @Override
    public int read(ByteBuffer dst, long timeoutMillis, IntConsumer fdSink) throws IOException {
        return read(dst, timeoutMillis, fdSink, true);
    }

    @Override
    public int read(ByteBuffer dst, long timeoutMillis, IntConsumer fdSink, boolean likelyThere) throws IOException {
        Objects.requireNonNull(fdSink, "fdSink");
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("no room in the buffer to read into");
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
        int fd = guard.acquire();
        readLock.lock();
        try {
            Side r = reader;
            // Where nothing is likely to be there yet (the start of the next message), wait first
            // rather than spend a read on EAGAIN.
            if (!likelyThere && awaitReady(r, fd, POLLIN, timeoutMillis) == 0) {
                if (guard.isClosed()) {
                    throw closedDuring("read");
                }
                return 0;
            }
            MemorySegment target = dst.isDirect()
                    ? MemorySegment.ofBuffer(dst)
                    : r.data.ensure(dst.remaining());
            long want = Math.min(target.byteSize(), dst.remaining());
            r.iov.set(ValueLayout.ADDRESS, IOV_BASE, target);
            r.iov.set(ValueLayout.JAVA_LONG, IOV_LEN, want);
            long n;
            while (true) {
                MemorySegment msg = r.msg;
                msg.fill((byte) 0);
                msg.set(ValueLayout.ADDRESS, MSG_IOV, r.iov);
                msg.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, 1);
                msg.set(ValueLayout.ADDRESS, MSG_CONTROL, r.control);
                msg.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, CONTROL_SIZE);
                // Without waiting; then, if nothing was there, wait in poll for POLLIN alone. A
                // thread asleep in a blocking recvmsg is also woken each time the peer drains some
                // of what this side sent: dozens of times while the daemon reads a 1 MiB call.
                n = LibC.recvmsg(r.errno, fd, msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
                if (n >= 0) {
                    break;
                }
                int err = LibC.errno(r.errno);
                if (err == EINTR) {
                    continue;
                }
                if (err == EAGAIN) {
                    if (awaitReady(r, fd, POLLIN, timeoutMillis) == 0) {
                        if (guard.isClosed()) {
                            throw closedDuring("read");
                        }
                        return 0;
                    }
                    continue;
                }
                if (guard.isClosed()) {
                    throw closedDuring("read");
                }
                throw new ErrnoException("recvmsg(" + description + ")", err);
            }
            Reference.reachabilityFence(dst);
            int[] received = receivedFds(r);
            if (guard.isClosed()) {
                closeAll(r.errno, received);
                throw closedDuring("read");
            }
            if ((r.msg.get(ValueLayout.JAVA_INT, MSG_FLAGS) & MSG_CTRUNC) != 0) {
                closeAll(r.errno, received);
                throw new IOException("recvmsg(" + description + "): file descriptors sent by the peer were "
                        + "lost (MSG_CTRUNC: control data truncated; the process may be at its open-file "
                        + "limit, RLIMIT_NOFILE); the connection cannot be used further");
            }
            for (int rfd : received) {
                fdSink.accept(rfd);
            }
            if (n == 0) {
                return -1;
            }
            if (dst.isDirect()) {
                dst.position(dst.position() + (int) n);
            } else {
                MemorySegment.copy(target, 0, MemorySegment.ofBuffer(dst), 0, n);
                dst.position(dst.position() + (int) n);
            }
            return (int) n;
        } finally {
            readLock.unlock();
            guard.release();
        }
    }

    /**
     * Reads straight into a heap buffer with a critical, non-blocking {@code recv} (waiting in
     * {@code poll} when nothing is there): no copy through native memory. Only for connections
     * on which the peer sends no descriptors — {@code recv} would drop them.
     */
    @Override
    public int readBulk(ByteBuffer dst, long timeoutMillis) throws IOException {
        if (dst.isDirect() || dst.isReadOnly() || !dst.hasRemaining()) {
            return Transport.super.readBulk(dst, timeoutMillis);
        }
        int fd = guard.acquire();
        readLock.lock();
        try {
            Side r = reader;
            MemorySegment target = MemorySegment.ofBuffer(dst);
            boolean waited = false;
            while (true) {
                long n = LibC.recvHeap(r.errno, fd, target, target.byteSize(), 0);
                if (n > 0) {
                    dst.position(dst.position() + (int) n);
                    return (int) n;
                }
                if (n == 0) {
                    if (guard.isClosed()) {
                        throw closedDuring("read");
                    }
                    return -1;
                }
                int err = LibC.errno(r.errno);
                if (err == EINTR) {
                    continue;
                }
                if (err != EAGAIN) {
                    if (guard.isClosed()) {
                        throw closedDuring("read");
                    }
                    throw new ErrnoException("recv(" + description + ")", err);
                }
                if (waited && timeoutMillis >= 0) {
                    return 0; // the wait below ran out
                }
                if (awaitReady(r, fd, POLLIN, timeoutMillis) == 0 && timeoutMillis >= 0) {
                    if (guard.isClosed()) {
                        throw closedDuring("read");
                    }
                    return 0;
                }
                waited = true;
            }
        } finally {
            readLock.unlock();
            guard.release();
        }
    }

    /** The descriptors of every {@code SCM_RIGHTS} control message that {@code recvmsg} filled in. */
    private static int[] receivedFds(Side r) {
        long controlLen = r.msg.get(ValueLayout.JAVA_LONG, MSG_CONTROLLEN);
        int[] fds = NO_FDS;
        long off = 0;
        while (off + CMSG_DATA <= controlLen) {
            long len = r.control.get(ValueLayout.JAVA_LONG, off + CMSG_LEN_OFFSET);
            if (len < CMSG_DATA || off + len > controlLen) {
                break;
            }
            if (r.control.get(ValueLayout.JAVA_INT, off + CMSG_LEVEL) == SOL_SOCKET
                    && r.control.get(ValueLayout.JAVA_INT, off + CMSG_TYPE) == SCM_RIGHTS) {
                int count = (int) ((len - CMSG_DATA) / 4);
                int[] more = new int[fds.length + count];
                System.arraycopy(fds, 0, more, 0, fds.length);
                MemorySegment.copy(r.control, ValueLayout.JAVA_INT, off + CMSG_DATA, more, fds.length, count);
                fds = more;
            }
            off += cmsgAlign(len);
        }
        return fds;
    }

    private static void closeAll(MemorySegment errno, int[] fds) {
        for (int f : fds) {
            LibC.close(errno, f);
        }
    }

    /**
     * Polls for {@code events}; returns the revents, or 0 if the timeout elapsed. {@code EINTR}
     * restarts the wait with the time left.
     */
    private int awaitReady(Side s, int fd, short events, long timeoutMillis) throws IOException {
        long deadline = timeoutMillis < 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        s.pollfd.set(ValueLayout.JAVA_INT, POLL_FD, fd);
        s.pollfd.set(ValueLayout.JAVA_SHORT, POLL_EVENTS, events);
        long wait = timeoutMillis;
        while (true) {
            s.pollfd.set(ValueLayout.JAVA_SHORT, POLL_REVENTS, (short) 0);
            int rc = LibC.poll(s.errno, s.pollfd, 1, (int) Math.min(wait, Integer.MAX_VALUE));
            if (rc > 0) {
                return s.pollfd.get(ValueLayout.JAVA_SHORT, POLL_REVENTS);
            }
            if (rc == 0) {
                return 0;
            }
            int err = LibC.errno(s.errno);
            if (err != EINTR) {
                throw new ErrnoException("poll(" + description + ")", err);
            }
            if (timeoutMillis >= 0) {
                wait = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            }
        }
    }

    private AsynchronousCloseException closedDuring(String op) {
        var e = new AsynchronousCloseException();
        e.initCause(new IOException(description + " was closed during " + op));
        return e;
    }

    @Override
    public void close() {
        guard.close(fd -> {
            try (Arena a = Arena.ofConfined()) {
                // Wakes a thread blocked in recvmsg/sendmsg/poll on this socket; ENOTCONN is fine.
                LibC.shutdown(LibC.allocateErrno(a), fd, SHUT_RDWR);
            }
        });
    }

    @Override
    public String toString() {
        return "UnixSocketTransport[" + description + "]";
    }
}
