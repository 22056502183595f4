package io.jitney.internal.unix;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The safety net shared by every object that owns a received descriptor ({@code UnixFd} and
 * what it converts to): one {@link Cleaner} thread, and a count of the descriptors it had to
 * close because their owner became unreachable while still open — each one is a bug in the
 * program (or in Jitney), so each is logged as a warning. Thread-safe.
 */
public final class FdLeaks {
    private static final System.Logger LOG = System.getLogger("io.jitney.wire.UnixFd");
    private static final AtomicLong CLOSED_BY_CLEANER = new AtomicLong();

    /** The one cleaner thread for descriptors. */
    public static final Cleaner CLEANER = Cleaner.create();

    private FdLeaks() {}

    /** Records and logs that the safety net closed {@code fd}, owned by {@code what}. */
    public static void report(int fd, String what) {
        CLOSED_BY_CLEANER.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "file descriptor {0} ({1}) was never closed; closing it now. "
                + "Close UnixFd values (and the streams and channels made from them), e.g. with try-with-resources", fd, what);
    }

    /** Descriptors closed by the safety net since the JVM started. */
    public static long count() {
        return CLOSED_BY_CLEANER.get();
    }
}
