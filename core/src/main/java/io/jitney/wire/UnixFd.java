package io.jitney.wire;

import io.jitney.internal.unix.ErrnoException;
import io.jitney.internal.unix.FdChannel;
import io.jitney.internal.unix.FdLeaks;
import io.jitney.internal.unix.FdStreams;
import io.jitney.internal.unix.LibC;
import io.jitney.internal.unix.NativeFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.ref.Cleaner;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Unix file descriptor received in a message (the value of type {@code h}), or one to send.
 * It <em>owns</em> the descriptor: the descriptor is closed exactly once — by {@link #close()},
 * by try-with-resources, or, if the program forgets, by a safety net that closes it when the
 * object becomes unreachable and logs a warning ({@link #cleanerCloses()} counts those: each
 * is a bug to fix, as the descriptor stayed open until the garbage collector noticed).
 *
 * <pre>{@code
 * Message m = conn.receive(timeout);
 * try (UnixFd fd = (UnixFd) m.body().getFirst();
 *      InputStream in = fd.toInputStream()) {
 *     in.transferTo(System.out);
 * }
 * }</pre>
 *
 * <h2>Conversions: ownership moves</h2>
 * {@link #release()} (a raw {@code int}), {@link #toInputStream()}, {@link #toOutputStream()},
 * {@link #toByteChannel()} and {@link #toFileChannel(OpenOption...)} hand the descriptor to
 * what they return: closing that closes the descriptor, and this object no longer owns it
 * (closing it afterwards does nothing). The streams and the byte channel use the descriptor
 * itself, through {@code read(2)}/{@code write(2)}/{@code lseek(2)}, so they work on files,
 * pipes and sockets alike and share the descriptor's file position; they have the same safety
 * net. {@code toFileChannel} reopens the file, which gives a <em>new</em> open file description
 * (see there). {@link #dup()} makes a second, independent owner of the same open file.
 *
 * <p>After {@code close()} or a conversion, {@link #fd()}, the conversions and {@link #dup()}
 * throw {@link IllegalStateException} saying which happened, and sending the value in a message
 * fails before anything is written.
 *
 * <h2>Sending</h2>
 * A message may carry a {@code UnixFd} (make one with {@link #open(Path, OpenOption...)} or
 * {@link #pipe()}), a raw {@code int}, or a JDK object that holds a descriptor. The JDK keeps
 * the number private, so those need the JVM to open a package to Jitney (sending names the
 * missing option):
 * <ul>
 *   <li>{@link java.io.FileDescriptor}, {@link java.io.FileInputStream},
 *       {@link java.io.FileOutputStream}, {@link java.io.RandomAccessFile}:
 *       {@code --add-opens java.base/java.io=ALL-UNNAMED};</li>
 *   <li>{@link FileChannel}, {@link java.nio.channels.SocketChannel},
 *       {@link java.nio.channels.ServerSocketChannel}, {@link java.nio.channels.DatagramChannel},
 *       {@link java.nio.channels.Pipe.SourceChannel} and {@code SinkChannel}:
 *       {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED};</li>
 * </ul>
 * with {@code =io.jitney.core} instead of {@code =ALL-UNNAMED} when Jitney is on the module
 * path. Jitney does not take ownership of anything it sends. The
 * descriptor must stay open until the message has been written — when {@code send} returns (for
 * the async integrations, when its future completes). Fd passing must be enabled on the
 * connection ({@code ConnectionOptions.withUnixFds(true)}); a message carries at most
 * {@link Limits#MAX_UNIX_FDS} descriptors.
 *
 * <p>Thread-safe: the state changes atomically, so of concurrent {@code close} and conversion
 * calls exactly one takes effect. Received descriptors are close-on-exec.
 */
public final class UnixFd implements AutoCloseable {
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
        this.cleanable = FdLeaks.CLEANER.register(this, state);
    }

    /** Takes ownership of {@code fd}: it will be closed by this object. */
    public static UnixFd adopt(int fd) {
        return new UnixFd(fd);
    }

    /**
     * Opens a file as a descriptor to send ({@code open(2)}, close-on-exec) — what the JDK's own
     * file objects do not let you reach without {@code --add-opens}. The options are read as
     * {@link FileChannel#open(Path, OpenOption...)} reads them: none means {@code READ};
     * {@code WRITE}, {@code APPEND}, {@code CREATE}, {@code CREATE_NEW},
     * {@code TRUNCATE_EXISTING}, {@code SYNC}, {@code DSYNC} and
     * {@link java.nio.file.LinkOption#NOFOLLOW_LINKS} are supported.
     *
     * @throws IOException if the file cannot be opened (a {@link java.nio.file.NoSuchFileException}
     *     and so on where one fits)
     * @throws UnsupportedOperationException for other options, such as {@code DELETE_ON_CLOSE}
     */
    public static UnixFd open(Path path, OpenOption... options) throws IOException {
        return new UnixFd(NativeFiles.open(path, options));
    }

    /** The two ends of a new pipe; closing the pair closes whichever end is still open. */
    public record Pipe(UnixFd readEnd, UnixFd writeEnd) implements AutoCloseable {
        @Override
        public void close() {
            try {
                readEnd.close();
            } finally {
                writeEnd.close();
            }
        }
    }

    /**
     * A new pipe ({@code pipe2(O_CLOEXEC)}): send one end to a peer, keep the other — as a
     * service that streams data to its caller does.
     *
     * @throws IOException if the process is out of descriptors
     */
    public static Pipe pipe() throws IOException {
        int[] ends = NativeFiles.pipe();
        return new Pipe(new UnixFd(ends[0]), new UnixFd(ends[1]));
    }

    /**
     * The raw descriptor, still owned by this object (do not close it yourself).
     *
     * @throws IllegalStateException if this descriptor was closed or converted
     */
    public int fd() {
        checkOpen();
        return fd;
    }

    /** True until {@link #close()} or a conversion. */
    public boolean isOpen() {
        return state.get() == OPEN;
    }

    /**
     * Hands the raw descriptor to the caller, who from now on must close it.
     *
     * @throws IllegalStateException if this descriptor was closed or converted
     */
    public int release() {
        if (!state.compareAndSet(OPEN, RELEASED)) {
            throw notOpen();
        }
        cleanable.clean();
        return fd;
    }

    /**
     * A second owner of the same open file ({@code fcntl(F_DUPFD_CLOEXEC)}): a new descriptor
     * number sharing the file position and status flags; each must be closed. This one stays
     * open.
     *
     * @throws IllegalStateException if this descriptor was closed or converted
     * @throws IOException if the process is out of descriptors ({@code EMFILE})
     */
    public UnixFd dup() throws IOException {
        int raw = fd();
        try (Arena a = Arena.ofConfined()) {
            var errno = LibC.allocateErrno(a);
            int copy = LibC.fcntl(errno, raw, LibC.F_DUPFD_CLOEXEC, 0);
            if (copy < 0) {
                throw new ErrnoException("fcntl(" + raw + ", F_DUPFD_CLOEXEC)", LibC.errno(errno));
            }
            return new UnixFd(copy);
        }
    }

    /**
     * An input stream reading the descriptor (file, pipe or socket), which it now owns: closing
     * the stream closes the descriptor.
     *
     * @throws IllegalStateException if this descriptor was closed or converted
     */
    public InputStream toInputStream() {
        return FdStreams.input(release());
    }

    /**
     * An output stream writing to the descriptor, which it now owns: closing the stream closes
     * the descriptor.
     *
     * @throws IllegalStateException if this descriptor was closed or converted
     */
    public OutputStream toOutputStream() {
        return FdStreams.output(release());
    }

    /**
     * A channel reading and writing the descriptor itself, which it now owns. Reading and
     * writing work on any descriptor; {@code position}, {@code size} and {@code truncate} only
     * on a seekable one (a regular file), and throw an {@link IOException} ({@code ESPIPE}) on a
     * pipe or socket. The position is the descriptor's own, shared with the sender's copy when
     * both processes keep the file open.
     *
     * @throws IllegalStateException if this descriptor was closed or converted
     */
    public SeekableByteChannel toByteChannel() {
        return new FdChannel(release());
    }

    /**
     * A {@link FileChannel} on the same file, for what only {@code FileChannel} offers
     * ({@code map}, {@code lock}, {@code transferTo}, positional reads). The JDK cannot wrap an
     * existing descriptor, so this <em>reopens</em> the file through {@code /proc/self/fd/N}
     * and then closes this descriptor (on success only; on failure this object stays open and
     * owned by you). The channel owns its own descriptor. The difference matters:
     * <ul>
     *   <li>it is a <em>new open file description</em>: its position starts at 0 (not where the
     *       sender left it) and is not shared with the sender; its status flags come from
     *       {@code options};</li>
     *   <li>the open is checked against the file's permissions again: a descriptor you were
     *       given for a file you may not open yourself cannot be reopened
     *       ({@link java.nio.file.AccessDeniedException}), and one opened read-only by the sender
     *       can be reopened for writing if the file's permissions allow it;</li>
     *   <li>it works for regular files (deleted ones and memfds included); a socket cannot be
     *       reopened (an {@code IOException}), and reopening a pipe opens it like a FIFO. Use
     *       {@link #toByteChannel()} or the streams for those.</li>
     * </ul>
     *
     * @param options as for {@link FileChannel#open(Path, OpenOption...)}; none means the
     *     descriptor's own access mode ({@code READ}, {@code WRITE} — with {@code APPEND} if
     *     the descriptor has it — or both)
     * @throws IllegalStateException if this descriptor was closed or converted
     * @throws IOException if the file cannot be reopened
     */
    public FileChannel toFileChannel(OpenOption... options) throws IOException {
        int raw = fd();
        Set<OpenOption> opts = options.length == 0 ? accessMode(raw) : Set.of(options);
        FileChannel channel = FileChannel.open(Path.of("/proc/self/fd/" + raw), opts);
        if (!state.compareAndSet(OPEN, RELEASED)) {
            channel.close();
            throw notOpen();
        }
        cleanable.clean();
        LibC.closeQuietly(raw);
        return channel;
    }

    private static Set<OpenOption> accessMode(int raw) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            var errno = LibC.allocateErrno(a);
            int flags = LibC.fcntl(errno, raw, LibC.F_GETFL, 0);
            if (flags < 0) {
                throw new ErrnoException("fcntl(" + raw + ", F_GETFL)", LibC.errno(errno));
            }
            return switch (flags & LibC.O_ACCMODE) {
                case LibC.O_RDONLY -> Set.of(StandardOpenOption.READ);
                case LibC.O_WRONLY -> (flags & LibC.O_APPEND) != 0
                        ? Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                        : Set.of(StandardOpenOption.WRITE);
                default -> Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
            };
        }
    }

    /** Closes the descriptor; does nothing if it was already closed or converted. */
    @Override
    public void close() {
        if (state.compareAndSet(OPEN, CLOSED)) {
            LibC.closeQuietly(fd);
            cleanable.clean();
        }
    }

    /**
     * How many descriptors the safety net has closed in this JVM because a {@code UnixFd} (or a
     * stream or channel made from one) became unreachable while still open. Zero in a program
     * that closes what it receives; for monitoring and tests.
     */
    public static long cleanerCloses() {
        return FdLeaks.count();
    }

    private void checkOpen() {
        if (state.get() != OPEN) {
            throw notOpen();
        }
    }

    private IllegalStateException notOpen() {
        return new IllegalStateException(state.get() == CLOSED
                ? "file descriptor " + fd + " was already closed"
                : "file descriptor " + fd + " was handed over (by release(), toInputStream(), toOutputStream(), "
                        + "toByteChannel() or toFileChannel()); use what that returned");
    }

    @Override
    public String toString() {
        int s = state.get();
        return "UnixFd[" + fd + (s == OPEN ? "" : s == CLOSED ? ", closed" : ", handed over") + "]";
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
            // close() and the conversions change the state before they run the cleaner.
            if (compareAndSet(OPEN, CLOSED)) {
                LibC.closeQuietly(fd);
                FdLeaks.report(fd, "a UnixFd");
            }
        }
    }
}
