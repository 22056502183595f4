package io.jitney.internal.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Opening raw descriptors the JDK would hide inside its own objects: {@code open(2)} and
 * {@code pipe2(2)}, close-on-exec, for {@code UnixFd.open} and {@code UnixFd.pipe}.
 */
public final class NativeFiles {
    private NativeFiles() {}

    /**
     * {@code open(2)} with the flags the options stand for, as {@link java.nio.channels.FileChannel#open}
     * reads them: none means {@code READ}; {@code APPEND} implies {@code WRITE}; {@code CREATE}
     * and {@code TRUNCATE_EXISTING} count only when writing. New files get mode 0666 less the
     * umask, as the JDK's do.
     *
     * @return the new descriptor, owned by the caller
     * @throws IOException naming the path and the errno: a {@link NoSuchFileException},
     *     {@link FileAlreadyExistsException}, {@link AccessDeniedException} where one fits
     * @throws UnsupportedOperationException for {@code DELETE_ON_CLOSE} and options that are not
     *     {@link StandardOpenOption}s or {@link LinkOption#NOFOLLOW_LINKS}
     */
    public static int open(Path path, OpenOption... options) throws IOException {
        LibC.checkSupported();
        Set<OpenOption> opts = new HashSet<>(Set.of(options));
        boolean append = opts.contains(StandardOpenOption.APPEND);
        boolean write = append || opts.contains(StandardOpenOption.WRITE);
        boolean read = opts.contains(StandardOpenOption.READ) || !write;
        if (append && opts.contains(StandardOpenOption.READ)) {
            throw new IllegalArgumentException("READ + APPEND not allowed (as in FileChannel.open)");
        }
        if (append && opts.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed (as in FileChannel.open)");
        }
        int flags = LibC.O_CLOEXEC | (read && write ? LibC.O_RDWR : write ? LibC.O_WRONLY : LibC.O_RDONLY);
        for (OpenOption o : opts) {
            if (o == StandardOpenOption.READ || o == StandardOpenOption.WRITE) {
                continue;
            }
            if (o == StandardOpenOption.APPEND) {
                flags |= LibC.O_APPEND;
            } else if (o == StandardOpenOption.CREATE_NEW) {
                flags |= write ? LibC.O_CREAT | LibC.O_EXCL : 0;
            } else if (o == StandardOpenOption.CREATE) {
                flags |= write ? LibC.O_CREAT : 0;
            } else if (o == StandardOpenOption.TRUNCATE_EXISTING) {
                flags |= write ? LibC.O_TRUNC : 0;
            } else if (o == StandardOpenOption.SYNC) {
                flags |= LibC.O_SYNC;
            } else if (o == StandardOpenOption.DSYNC) {
                flags |= LibC.O_DSYNC;
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                flags |= LibC.O_NOFOLLOW;
            } else if (o != StandardOpenOption.SPARSE) {
                throw new UnsupportedOperationException(o + " is not supported when opening a descriptor");
            }
        }
        String name = path.toString();
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains NUL: " + name);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment cpath = a.allocateFrom(name);
            int fd;
            do {
                fd = LibC.open(errno, cpath, flags, 0666);
            } while (fd < 0 && LibC.errno(errno) == LibC.EINTR);
            if (fd < 0) {
                int err = LibC.errno(errno);
                String why = ErrnoException.describe(err);
                throw switch (err) {
                    case LibC.ENOENT -> new NoSuchFileException(name, null, why);
                    case LibC.EEXIST -> new FileAlreadyExistsException(name, null, why);
                    case LibC.EACCES -> new AccessDeniedException(name, null, why);
                    case LibC.ELOOP -> new FileSystemException(name, null, why + " (NOFOLLOW_LINKS given)");
                    default -> new ErrnoException("open(" + name + ")", err);
                };
            }
            return fd;
        }
    }

    /** {@code pipe2(O_CLOEXEC)}: {read end, write end}, owned by the caller. */
    public static int[] pipe() throws IOException {
        LibC.checkSupported();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            if (LibC.pipe2(errno, fds, LibC.O_CLOEXEC) < 0) {
                throw new ErrnoException("pipe2", LibC.errno(errno));
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }
}
