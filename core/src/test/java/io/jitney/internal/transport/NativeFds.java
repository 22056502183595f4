package io.jitney.internal.transport;

import io.jitney.internal.unix.ErrnoException;
import io.jitney.internal.unix.LibC;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** Raw descriptor helpers for tests: pipes, read, write, close, flags. */
final class NativeFds {
    private NativeFds() {}

    /** {@code pipe2(O_CLOEXEC)}: {read end, write end}. */
    static int[] pipe() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            if (LibC.pipe2(errno, fds, LibC.O_CLOEXEC) < 0) {
                throw new ErrnoException("pipe2", LibC.errno(errno));
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }

    static void write(int fd, String text) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            MemorySegment buf = a.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes.length);
            if (LibC.write(errno, fd, buf, bytes.length) != bytes.length) {
                throw new ErrnoException("write(" + fd + ")", LibC.errno(errno));
            }
        }
    }

    static String read(int fd, int max) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment buf = a.allocate(max);
            long n = LibC.read(errno, fd, buf, max);
            if (n < 0) {
                throw new ErrnoException("read(" + fd + ")", LibC.errno(errno));
            }
            return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    static void close(int... fds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            for (int fd : fds) {
                LibC.close(errno, fd);
            }
        }
    }

    /** {@code fcntl(F_GETFD)}: the descriptor flags, or -1 if the fd is not open. */
    static int fdFlags(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return LibC.fcntl(LibC.allocateErrno(a), fd, LibC.F_GETFD, 0);
        }
    }
}
