package io.jitney.bindgen;

import io.jitney.internal.unix.ErrnoException;
import io.jitney.internal.unix.LibC;
import io.jitney.wire.UnixFd;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** A pipe holding some text, for sending a real descriptor (through core's libc bindings). */
final class TestFds {
    private TestFds() {}

    /** The read end of a pipe whose write end wrote {@code text} and was closed. */
    static UnixFd pipeWith(String text) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            if (LibC.pipe2(errno, fds, LibC.O_CLOEXEC) < 0) {
                throw new ErrnoException("pipe2", LibC.errno(errno));
            }
            int read = fds.getAtIndex(ValueLayout.JAVA_INT, 0);
            int write = fds.getAtIndex(ValueLayout.JAVA_INT, 1);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            MemorySegment buf = a.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long n = LibC.write(errno, write, buf, bytes.length);
            LibC.close(errno, write);
            if (n != bytes.length) {
                LibC.close(errno, read);
                throw new IOException("could not fill the pipe");
            }
            return UnixFd.adopt(read);
        }
    }
}
