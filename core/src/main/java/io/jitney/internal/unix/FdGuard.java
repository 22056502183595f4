package io.jitney.internal.unix;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Guards a raw file descriptor against use after close and double close.
 *
 * <p>Every operation brackets its use of the fd with {@link #acquire()} and {@link #release()}.
 * {@link #close(IntConsumer)} marks the fd closed at once (new acquires fail), runs a wake-up
 * action on the still-open fd (such as {@code shutdown(2)}, which makes a blocked
 * {@code recvmsg}/{@code poll} return), and the releaser, which closes the fd and frees native
 * memory, runs exactly once: when the last operation in flight has released it. So the fd number
 * is never closed while a call may still use it (and so can never be reused under it).
 */
public final class FdGuard {
    private static final long CLOSED = 1L << 62;

    private final int fd;
    private final Runnable releaser;
    private final AtomicLong state = new AtomicLong();
    private final AtomicBoolean released = new AtomicBoolean();

    public FdGuard(int fd, Runnable releaser) {
        this.fd = fd;
        this.releaser = releaser;
    }

    /**
     * Marks one operation in flight and returns the fd.
     *
     * @throws ClosedChannelException if {@link #close(IntConsumer)} was called
     */
    public int acquire() throws ClosedChannelException {
        for (;;) {
            long s = state.get();
            if ((s & CLOSED) != 0) {
                throw new ClosedChannelException();
            }
            if (state.compareAndSet(s, s + 1)) {
                return fd;
            }
        }
    }

    /** Ends an operation begun with {@link #acquire()}. */
    public void release() {
        if (state.decrementAndGet() == CLOSED) {
            finish();
        }
    }

    /** Whether {@link #close(IntConsumer)} was called. */
    public boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /**
     * Closes: once only; later calls return {@code false} and do nothing.
     *
     * @param wakeUp run once, on the still-open fd, to wake threads blocked on it
     */
    public boolean close(IntConsumer wakeUp) {
        long s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
        } while (!state.compareAndSet(s, s | CLOSED));
        try {
            wakeUp.accept(fd);
        } finally {
            if (s == 0) {
                finish();
            }
        }
        return true;
    }

    private void finish() {
        if (released.compareAndSet(false, true)) {
            releaser.run();
        }
    }
}
