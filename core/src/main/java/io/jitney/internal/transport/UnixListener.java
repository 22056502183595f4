package io.jitney.internal.transport;

import static io.jitney.internal.unix.LibC.*;

import io.jitney.address.ServerAddress;
import io.jitney.internal.unix.ErrnoException;
import io.jitney.internal.unix.FdGuard;
import io.jitney.internal.unix.LibC;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A listening Unix stream socket on a path or an abstract name, for peer-to-peer servers and
 * tests. {@link #accept(long)} returns connected {@link UnixSocketTransport}s.
 *
 * <p>Thread-safe; {@link #close()} may be called while another thread waits in
 * {@link #accept(long)}, which then fails with a {@link java.nio.channels.ClosedChannelException}
 * at its next poll (within {@value #POLL_SLICE_MILLIS} ms): a listening socket cannot be woken
 * by {@code shutdown(2)}. A path socket's file is removed on close.
 */
public final class UnixListener implements AutoCloseable {
    static final int POLL_SLICE_MILLIS = 100;

    private final FdGuard guard;
    private final ServerAddress address;

    private UnixListener(int fd, ServerAddress address, Path path) {
        this.guard = new FdGuard(fd, () -> {
            try (Arena a = Arena.ofConfined()) {
                LibC.close(LibC.allocateErrno(a), fd);
            }
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: the socket file is garbage either way
                }
            }
        });
        this.address = address;
    }

    /** Listens on a socket file at {@code path}, which must not exist. */
    public static UnixListener bindPath(Path path) throws IOException {
        return bind(path.toString().getBytes(StandardCharsets.UTF_8), false,
                ServerAddress.of("unix", "path", path.toString()), path);
    }

    /** Listens on a Linux abstract socket {@code name} (without the leading NUL). */
    public static UnixListener bindAbstract(String name) throws IOException {
        return bind(name.getBytes(StandardCharsets.UTF_8), true, ServerAddress.of("unix", "abstract", name), null);
    }

    private static UnixListener bind(byte[] name, boolean isAbstract, ServerAddress address, Path path)
            throws IOException {
        LibC.checkSupported();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment addr = a.allocate(SOCKADDR_UN_SIZE, 8);
            int len = UnixSocketTransport.sockaddrUn(addr, name, isAbstract);
            int fd = LibC.socket(errno, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new ErrnoException("socket(AF_UNIX)", LibC.errno(errno));
            }
            boolean ok = false;
            try {
                if (LibC.bind(errno, fd, addr, len) < 0) {
                    throw new ErrnoException("bind(" + address + ")", LibC.errno(errno));
                }
                if (LibC.listen(errno, fd, 64) < 0) {
                    throw new ErrnoException("listen(" + address + ")", LibC.errno(errno));
                }
                ok = true;
                return new UnixListener(fd, address, path);
            } finally {
                if (!ok) {
                    LibC.close(errno, fd);
                }
            }
        }
    }

    /** The address clients connect to. */
    public ServerAddress address() {
        return address;
    }

    /**
     * Waits for a connection.
     *
     * @param timeoutMillis {@code < 0} waits until one arrives or the listener is closed
     * @return the connection, or {@code null} if the timeout elapsed
     */
    public UnixSocketTransport accept(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment pfd = a.allocate(POLLFD);
            while (true) {
                int fd = guard.acquire();
                try {
                    long left = timeoutMillis < 0 ? POLL_SLICE_MILLIS
                            : Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                    pfd.set(ValueLayout.JAVA_INT, POLL_FD, fd);
                    pfd.set(ValueLayout.JAVA_SHORT, POLL_EVENTS, POLLIN);
                    pfd.set(ValueLayout.JAVA_SHORT, POLL_REVENTS, (short) 0);
                    int rc = LibC.poll(errno, pfd, 1, (int) Math.min(left, POLL_SLICE_MILLIS));
                    if (rc < 0 && LibC.errno(errno) != EINTR) {
                        throw new ErrnoException("poll(" + address + ")", LibC.errno(errno));
                    }
                    if (rc > 0) {
                        int conn = LibC.accept4(errno, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
                        if (conn >= 0) {
                            return UnixSocketTransport.adopt(conn, address + " (accepted)");
                        }
                        int err = LibC.errno(errno);
                        if (err != EINTR && err != EAGAIN) {
                            throw new ErrnoException("accept4(" + address + ")", err);
                        }
                    } else if (timeoutMillis >= 0 && left == 0) {
                        return null;
                    }
                } finally {
                    guard.release();
                }
            }
        }
    }

    @Override
    public void close() {
        guard.close(fd -> { });
    }

    @Override
    public String toString() {
        return "UnixListener[" + address + "]";
    }
}
