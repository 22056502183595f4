package io.jitney.testing;

import io.jitney.internal.unix.LibC;
import io.jitney.wire.UnixFd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Descriptor bookkeeping for tests: how many this process has open ({@code /proc/self/fd}),
 * whether one is open or close-on-exec, and a wait for the count to settle.
 */
public final class Fds {
    private Fds() {}

    /** Open descriptors of this process (the listing's own directory descriptor included). */
    public static int openCount() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code fd -> what it points at}, for a failure message. */
    public static TreeMap<Integer, String> describeOpen() {
        var out = new TreeMap<Integer, String>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    target = "?";
                }
                out.put(Integer.parseInt(p.getFileName().toString()), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Whether {@code fd} is an open descriptor of this process. */
    public static boolean isOpen(int fd) {
        return flags(fd) >= 0;
    }

    /** Whether {@code fd} has FD_CLOEXEC set. */
    public static boolean isCloseOnExec(int fd) {
        int flags = flags(fd);
        return flags >= 0 && (flags & LibC.FD_CLOEXEC) != 0;
    }

    private static int flags(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return LibC.fcntl(LibC.allocateErrno(a), fd, LibC.F_GETFD, 0);
        }
    }

    /**
     * Waits until at most {@code expected} descriptors are open, for the threads that close
     * them (readers, delivery threads) to finish; returns the last count seen. Does not run the
     * garbage collector: what is closed here was closed explicitly.
     */
    public static int awaitAtMost(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int n;
        while ((n = openCount()) > expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return n;
    }

    /**
     * The open-descriptor count once it has stayed the same for {@code quiet} (threads of
     * earlier tests may still be closing theirs), or the last count after {@code timeout}.
     */
    public static int awaitStable(Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = openCount();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(20);
            int n = openCount();
            if (n != last) {
                last = n;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quiet.toNanos()) {
                break;
            }
        }
        return last;
    }

    /**
     * Runs the garbage collector until the {@link UnixFd} safety net has nothing more to close
     * (its count stays put for a while), so that a later count starts from a quiet state.
     */
    public static long settleCleaner() throws InterruptedException {
        long before;
        long after = UnixFd.cleanerCloses();
        do {
            before = after;
            System.gc();
            Thread.sleep(100);
            after = UnixFd.cleanerCloses();
        } while (after != before);
        return after;
    }

    /** The integers in a list of received descriptors. */
    public static List<Integer> numbers(List<UnixFd> fds) {
        var out = new ArrayList<Integer>();
        for (UnixFd fd : fds) {
            out.add(fd.fd());
        }
        return out;
    }
}
