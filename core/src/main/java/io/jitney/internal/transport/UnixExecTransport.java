package io.jitney.internal.transport;

import io.jitney.address.ConnectableAddress;
import io.jitney.internal.unix.ErrnoException;
import io.jitney.internal.unix.LibC;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * {@code unixexec:}: starts a program with one end of a {@code socketpair} as its standard input
 * and output (standard error, the process group and the environment are inherited), as the spec
 * describes, and talks over the other end. Other descriptors are closed in the child (glibc 2.34+).
 *
 * <p>The program is started with {@code posix_spawnp} through FFM rather than
 * {@link ProcessBuilder}, because the spec wants a socket (so descriptors can be passed, and reads
 * can time out with {@code poll}) and an {@code argv[0]} that may differ from the path; Java's
 * process API offers neither. {@link #close()} closes the socket, sends {@code SIGTERM}, waits up
 * to {@value #TERM_GRACE_MILLIS} ms, then {@code SIGKILL}s and reaps the child.
 */
public final class UnixExecTransport implements Transport {
    static final long TERM_GRACE_MILLIS = 2000;

    private final UnixSocketTransport socket;
    private final int pid;
    private final AtomicBoolean reaped = new AtomicBoolean();

    private UnixExecTransport(UnixSocketTransport socket, int pid) {
        this.socket = socket;
        this.pid = pid;
    }

    /** Starts the program the address names. */
    public static UnixExecTransport start(ConnectableAddress.UnixExec address) throws IOException {
        return start(address.path(), address.argv(), address.address().format());
    }

    /**
     * Starts {@code path} (looked up in {@code PATH} unless it holds a {@code /}) with {@code argv}.
     */
    public static UnixExecTransport start(String path, List<String> argv, String description) throws IOException {
        LibC.checkSupported();
        int[] sv = UnixSocketTransport.rawSocketPair();
        int pid;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment actions = a.allocate(LibC.SPAWN_FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = a.allocate(LibC.SPAWNATTR_SIZE, 16);
            MemorySegment sigset = a.allocate(LibC.SIGSET_SIZE, 16);
            MemorySegment argvArray = a.allocate(ValueLayout.ADDRESS, argv.size() + 1L);
            for (int i = 0; i < argv.size(); i++) {
                argvArray.setAtIndex(ValueLayout.ADDRESS, i, a.allocateFrom(argv.get(i)));
            }
            argvArray.setAtIndex(ValueLayout.ADDRESS, argv.size(), MemorySegment.NULL);
            MemorySegment pidOut = a.allocate(ValueLayout.JAVA_INT);
            check("posix_spawn_file_actions_init", LibC.posixSpawnFileActionsInit(actions));
            try {
                check("posix_spawnattr_init", LibC.posixSpawnattrInit(attr));
                try {
                    // dup2 clears close-on-exec on the copies; the originals (CLOEXEC) vanish at exec.
                    check("posix_spawn_file_actions_adddup2", LibC.posixSpawnFileActionsAdddup2(actions, sv[1], 0));
                    check("posix_spawn_file_actions_adddup2", LibC.posixSpawnFileActionsAdddup2(actions, sv[1], 1));
                    // Not every fd the JVM holds is close-on-exec; keep the child to 0, 1 and 2 where
                    // libc can (as ProcessBuilder does). Older glibc: the child inherits them.
                    LibC.posixSpawnFileActionsAddclosefrom(actions, 3);
                    // Java threads block some signals; the child should start with none blocked.
                    LibC.sigemptyset(sigset);
                    check("posix_spawnattr_setsigmask", LibC.posixSpawnattrSetsigmask(attr, sigset));
                    check("posix_spawnattr_setflags", LibC.posixSpawnattrSetflags(attr, LibC.POSIX_SPAWN_SETSIGMASK));
                    int rc = LibC.posixSpawnp(pidOut, a.allocateFrom(path), actions, attr, argvArray, LibC.environ());
                    if (rc != 0) {
                        throw new ErrnoException("posix_spawnp(" + description + ")", rc);
                    }
                    pid = pidOut.get(ValueLayout.JAVA_INT, 0);
                } finally {
                    LibC.posixSpawnattrDestroy(attr);
                }
            } finally {
                LibC.posixSpawnFileActionsDestroy(actions);
            }
        } catch (IOException | RuntimeException e) {
            closeRaw(sv[0]);
            closeRaw(sv[1]);
            throw e;
        }
        closeRaw(sv[1]);
        return new UnixExecTransport(UnixSocketTransport.adopt(sv[0], description), pid);
    }

    private static void check(String call, int rc) throws ErrnoException {
        if (rc != 0) {
            throw new ErrnoException(call, rc);
        }
    }

    private static void closeRaw(int fd) {
        try (Arena a = Arena.ofConfined()) {
            LibC.close(LibC.allocateErrno(a), fd);
        }
    }

    /** The child's process id. */
    public int pid() {
        return pid;
    }

    @Override
    public void write(ByteBuffer[] buffers, int[] fds) throws IOException {
        socket.write(buffers, fds);
    }

    @Override
    public int read(ByteBuffer dst, long timeoutMillis, IntConsumer fdSink) throws IOException {
        return socket.read(dst, timeoutMillis, fdSink);
    }

    @Override
    public boolean canPassFds() {
        return true;
    }

    @Override
    public String describe() {
        return socket.describe();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        if (!reaped.compareAndSet(false, true)) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment status = a.allocate(ValueLayout.JAVA_INT);
            LibC.kill(errno, pid, LibC.SIGTERM);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERM_GRACE_MILLIS);
            while (true) {
                int rc = LibC.waitpid(errno, pid, status, LibC.WNOHANG);
                if (rc == pid || (rc < 0 && LibC.errno(errno) != LibC.EINTR)) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    break;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            LibC.kill(errno, pid, LibC.SIGKILL);
            while (LibC.waitpid(errno, pid, status, 0) < 0 && LibC.errno(errno) == LibC.EINTR) {
                // retry: the child must be reaped or it stays a zombie
            }
        }
    }

    @Override
    public String toString() {
        return "UnixExecTransport[" + describe() + ", pid " + pid + "]";
    }
}
