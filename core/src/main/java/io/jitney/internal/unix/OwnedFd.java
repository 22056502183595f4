package io.jitney.internal.unix;

import java.lang.ref.Cleaner;
import java.nio.channels.ClosedChannelException;

/**
 * A raw descriptor owned by a stream or channel made from a {@code UnixFd}: guarded against use
 * after close and double close ({@link FdGuard}), and closed by the {@link FdLeaks} safety net
 * if its owner is dropped while still open. Thread-safe.
 */
public final class OwnedFd {
    private final int fd;
    private final FdGuard guard;
    private final Cleaner.Cleanable cleanable;

    /**
     * @param owner the object whose unreachability means the descriptor was forgotten; the
     *     cleaner action does not refer to it
     * @param what  what owns it, for the warning
     */
    public OwnedFd(Object owner, int fd, String what) {
        this.fd = fd;
        this.guard = new FdGuard(fd, () -> LibC.closeQuietly(fd));
        FdGuard g = guard;
        this.cleanable = FdLeaks.CLEANER.register(owner, () -> {
            if (g.close(f -> { })) {
                FdLeaks.report(fd, what);
            }
        });
    }

    /**
     * Marks one operation in flight and returns the fd.
     *
     * @throws ClosedChannelException if closed
     */
    public int acquire() throws ClosedChannelException {
        return guard.acquire();
    }

    /** Ends an operation begun with {@link #acquire()}. */
    public void release() {
        guard.release();
    }

    public boolean isOpen() {
        return !guard.isClosed();
    }

    /** The descriptor number, for messages. */
    public int number() {
        return fd;
    }

    /**
     * Closes: at once if no operation is in flight, else when the last one returns (a thread
     * blocked reading a pipe keeps the descriptor open until its read returns). Idempotent.
     */
    public void close() {
        guard.close(f -> { });
        cleanable.clean(); // runs the action above, which finds the guard closed: no warning
    }
}
