package io.jitney.wire;

import io.jitney.internal.unix.LibC;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Unix file descriptor received in (or to be sent with) a message, as the value of type
 * {@code h}. It <em>owns</em> the descriptor: the descriptor is closed exactly once — by
 * {@link #close()}, by try-with-resources, or, if the program forgets, by a safety net that
 * closes it when the object becomes unreachable and logs a warning.
 *
 * <p>{@link #release()} hands the raw descriptor to the caller, who then owns it. After
 * {@code close()} or {@code release()}, {@link #fd()} throws {@link IllegalStateException}.
 * Thread-safe: the state changes atomically, so concurrent closes close once.
 */
public final class UnixFd implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UnixFd.class.getName());
    private static final Cleaner CLEANER = Cleaner.create();

    private static final int OPEN = 0;
    private static final int CLOSED = 1;
    private static final int RELEASED = 2;

    private final int fd;
    private final State state;
    private final Cleaner.Cleanable cleanable;

    private UnixFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        this.fd = fd;
        this.state = new State(fd);
        this.cleanable = CLEANER.register(this, state);
    }

    /** Takes ownership of {@code fd}: it will be closed by this object. */
    public static UnixFd adopt(int fd) {
        return new UnixFd(fd);
    }

    /**
     * The raw descriptor, still owned by this object (do not close it yourself).
     *
     * @throws IllegalStateException if this descriptor was closed or released
     */
    public int fd() {
        int s = state.get();
        if (s != OPEN) {
            throw new IllegalStateException("file descriptor " + fd + " was already " + (s == CLOSED ? "closed" : "released"));
        }
        return fd;
    }

    /** True until {@link #close()} or {@link #release()}. */
    public boolean isOpen() {
        return state.get() == OPEN;
    }

    /**
     * Hands the raw descriptor to the caller, who from now on must close it.
     *
     * @throws IllegalStateException if this descriptor was closed or released
     */
    public int release() {
        if (!state.compareAndSet(OPEN, RELEASED)) {
            throw new IllegalStateException("file descriptor " + fd + " was already " + (state.get() == CLOSED ? "closed" : "released"));
        }
        cleanable.clean();
        return fd;
    }

    /** Closes the descriptor; does nothing if it was already closed or released. */
    @Override
    public void close() {
        if (state.compareAndSet(OPEN, CLOSED)) {
            LibC.closeQuietly(fd);
            cleanable.clean();
        }
    }

    @Override
    public String toString() {
        int s = state.get();
        return "UnixFd[" + fd + (s == OPEN ? "" : s == CLOSED ? ", closed" : ", released") + "]";
    }

    /** Cleaner action; must not refer to the UnixFd. */
    private static final class State extends AtomicInteger implements Runnable {
        private static final long serialVersionUID = 1L;
        private final int fd;

        State(int fd) {
            this.fd = fd;
        }

        @Override
        public void run() {
            // Only an object that became unreachable while still open gets here in state OPEN;
            // close() and release() change the state before they run the cleaner.
            if (compareAndSet(OPEN, CLOSED)) {
                LOG.log(System.Logger.Level.WARNING,
                        "file descriptor {0} was never closed; closing it now (close UnixFd values, e.g. with try-with-resources)", fd);
                LibC.closeQuietly(fd);
            }
        }
    }
}
