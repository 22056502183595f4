package io.jitney.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.testing.Fds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The owning descriptor type: close once, conversions that move ownership, the safety net. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixFdTest {
    @TempDir
    Path tmp;

    private Path file(String text) throws IOException {
        Path p = Files.createTempFile(tmp, "fd", ".txt");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void closesExactlyOnceEvenWhenTheNumberIsReused() throws IOException {
        UnixFd fd = UnixFd.open(file("x"));
        int n = fd.fd();
        assertThat(Fds.isOpen(n)).isTrue();
        assertThat(Fds.isCloseOnExec(n)).as("opened close-on-exec").isTrue();
        fd.close();
        assertThat(Fds.isOpen(n)).isFalse();
        assertThat(fd.isOpen()).isFalse();
        // The lowest free number is reused by the next open; a second close must not touch it.
        try (UnixFd other = UnixFd.open(file("y"))) {
            assertThat(other.fd()).isEqualTo(n);
            fd.close();
            assertThat(Fds.isOpen(n)).as("the new owner's descriptor survives a second close").isTrue();
        }
        assertThatThrownBy(fd::fd).isInstanceOf(IllegalStateException.class)
                .hasMessage("file descriptor " + n + " was already closed");
        assertThat(fd.toString()).isEqualTo("UnixFd[" + n + ", closed]");
    }

    @Test
    void usingAConvertedDescriptorSaysWhereItWent() throws IOException {
        UnixFd fd = UnixFd.open(file("abc"));
        int n = fd.fd();
        try (InputStream in = fd.toInputStream()) {
            assertThat(fd.isOpen()).isFalse();
            for (var use : new Runnable[] {fd::fd, fd::release, fd::toInputStream, fd::toOutputStream, fd::toByteChannel}) {
                assertThatThrownBy(use::run).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("file descriptor " + n + " was handed over")
                        .hasMessageContaining("toInputStream()");
            }
            assertThatThrownBy(fd::dup).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(fd::toFileChannel).isInstanceOf(IllegalStateException.class);
            fd.close(); // does nothing: the stream owns it
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
        }
        assertThat(Fds.isOpen(n)).as("closing the stream closed the descriptor").isFalse();
    }

    @Test
    void releaseHandsTheRawNumberOver() throws IOException {
        UnixFd fd = UnixFd.open(file("x"));
        int raw = fd.release();
        fd.close();
        assertThat(Fds.isOpen(raw)).isTrue();
        UnixFd.adopt(raw).close();
        assertThat(Fds.isOpen(raw)).isFalse();
    }

    @Test
    void streamsOverAPipe() throws IOException {
        try (var pipe = UnixFd.pipe()) {
            int r = pipe.readEnd().fd();
            int w = pipe.writeEnd().fd();
            assertThat(Fds.isCloseOnExec(r)).isTrue();
            try (OutputStream out = pipe.writeEnd().toOutputStream()) {
                out.write("through a pipe".getBytes(StandardCharsets.UTF_8));
                out.write('!');
            }
            assertThat(Fds.isOpen(w)).isFalse();
            try (InputStream in = pipe.readEnd().toInputStream()) {
                assertThat(in.available()).isZero(); // not a file: no lseek
                assertThat(in.read()).isEqualTo('t');
                assertThat(in.skip(3)).isEqualTo(3); // skip works on a pipe (reads)
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ugh a pipe!");
                assertThat(in.read()).isEqualTo(-1);
            }
            assertThat(Fds.isOpen(r)).isFalse();
        }
    }

    @Test
    void byteChannelOnAFileSharesTheDescriptorsPosition() throws IOException {
        Path p = file("0123456789");
        try (UnixFd fd = UnixFd.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
                UnixFd same = fd.dup();
                SeekableByteChannel ch = fd.toByteChannel()) {
            assertThat(ch.size()).isEqualTo(10);
            ByteBuffer four = ByteBuffer.allocate(4);
            assertThat(ch.read(four)).isEqualTo(4);
            assertThat(ch.position()).isEqualTo(4);
            // dup shares the open file description, so the same position
            try (SeekableByteChannel other = same.toByteChannel()) {
                assertThat(other.position()).isEqualTo(4);
                ByteBuffer direct = ByteBuffer.allocateDirect(3);
                assertThat(other.read(direct)).isEqualTo(3);
                assertThat(new String(bytes(direct.flip()), StandardCharsets.UTF_8)).isEqualTo("456");
            }
            assertThat(ch.position()).isEqualTo(7);
            ch.position(10);
            assertThat(ch.write(ByteBuffer.wrap("AB".getBytes(StandardCharsets.UTF_8)))).isEqualTo(2);
            assertThat(ch.size()).isEqualTo(12);
            assertThat(ch.read(ByteBuffer.allocate(1))).isEqualTo(-1);
            ch.truncate(5);
            assertThat(ch.size()).isEqualTo(5);
            assertThat(ch.position()).isEqualTo(5);
        }
        assertThat(Files.readString(p)).isEqualTo("01234");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void byteChannelOnAPipeReadsAndWritesButCannotSeek() throws IOException {
        var pipe = UnixFd.pipe();
        SeekableByteChannel r = pipe.readEnd().toByteChannel();
        try (SeekableByteChannel w = pipe.writeEnd().toByteChannel()) {
            w.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            ByteBuffer got = ByteBuffer.allocate(8);
            assertThat(r.read(got)).isEqualTo(3);
            assertThatThrownBy(r::position).isInstanceOf(IOException.class).hasMessageContaining("ESPIPE");
            assertThatThrownBy(() -> r.write(ByteBuffer.wrap(new byte[] {1}))).isInstanceOf(NonWritableChannelException.class);
        } finally {
            r.close();
        }
        assertThat(r.isOpen()).isFalse();
        assertThatThrownBy(() -> r.read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void fileChannelIsANewOpenFileDescription() throws IOException {
        Path p = file("hello file channel");
        UnixFd fd = UnixFd.open(p);
        int n = fd.fd();
        try (var skip = fd.dup().toInputStream()) {
            assertThat(skip.readNBytes(6)).hasSize(6); // move the shared position to 6
        }
        try (FileChannel ch = fd.toFileChannel()) {
            assertThat(Fds.isOpen(n)).as("the original descriptor is closed; the channel has its own").isFalse();
            assertThat(fd.isOpen()).isFalse();
            assertThat(ch.position()).as("a reopened file starts at 0, not where the sender left it").isZero();
            ByteBuffer all = ByteBuffer.allocate(64);
            ch.read(all);
            assertThat(new String(all.array(), 0, all.position(), StandardCharsets.UTF_8)).isEqualTo("hello file channel");
            assertThatThrownBy(() -> ch.write(ByteBuffer.wrap(new byte[1]))).as("read-only like the descriptor")
                    .isInstanceOf(NonWritableChannelException.class);
            assertThat(ch.map(FileChannel.MapMode.READ_ONLY, 0, 5).get(0)).isEqualTo((byte) 'h');
        }
    }

    @Test
    void fileChannelOfAWriteOnlyDescriptorWritesAndADeletedFileStillWorks() throws IOException {
        Path p = file("");
        UnixFd fd = UnixFd.open(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        Files.delete(p);
        try (FileChannel ch = fd.toFileChannel()) {
            ch.write(ByteBuffer.wrap("appended".getBytes(StandardCharsets.UTF_8)));
            assertThat(ch.size()).isEqualTo(8);
            assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(1))).isInstanceOf(java.nio.channels.NonReadableChannelException.class);
        }
    }

    @Test
    void fileChannelOfASocketFailsAndLeavesTheDescriptorOpen() {
        int[] raw = socketPairFds();
        try (UnixFd s = UnixFd.adopt(raw[0]); UnixFd other = UnixFd.adopt(raw[1])) {
            assertThatThrownBy(s::toFileChannel).as("a socket cannot be reopened through /proc")
                    .isInstanceOf(IOException.class);
            assertThat(s.isOpen()).as("still ours after the failed conversion").isTrue();
            assertThat(Fds.isOpen(s.fd())).isTrue();
            assertThat(other.isOpen()).isTrue();
        }
        assertThat(Fds.isOpen(raw[0])).isFalse();
    }

    private static int[] socketPairFds() {
        try (var a = java.lang.foreign.Arena.ofConfined()) {
            var errno = io.jitney.internal.unix.LibC.allocateErrno(a);
            var sv = a.allocate(java.lang.foreign.ValueLayout.JAVA_INT, 2);
            int rc = io.jitney.internal.unix.LibC.socketpair(errno, io.jitney.internal.unix.LibC.AF_UNIX,
                    io.jitney.internal.unix.LibC.SOCK_STREAM | io.jitney.internal.unix.LibC.SOCK_CLOEXEC, 0, sv);
            assertThat(rc).isZero();
            return new int[] {sv.getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, 0),
                    sv.getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, 1)};
        }
    }

    @Test
    void openMapsErrorsAndOptions() throws IOException {
        assertThatThrownBy(() -> UnixFd.open(tmp.resolve("missing"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing");
        Path created = tmp.resolve("created");
        try (UnixFd fd = UnixFd.open(created, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                OutputStream out = fd.toOutputStream()) {
            out.write('z');
        }
        assertThat(Files.readString(created)).isEqualTo("z");
        assertThatThrownBy(() -> UnixFd.open(created, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThatThrownBy(() -> UnixFd.open(created, StandardOpenOption.DELETE_ON_CLOSE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void concurrentClosesCloseOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            UnixFd fd = UnixFd.open(file("x"));
            int n = fd.fd();
            Thread[] threads = new Thread[4];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = Thread.ofPlatform().start(fd::close);
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(Fds.isOpen(n)).isFalse();
        }
    }

    @Test
    void theSafetyNetClosesAForgottenDescriptorAndCountsIt() throws Exception {
        Fds.settleCleaner();
        long before = UnixFd.cleanerCloses();
        int n = forget();
        java.nio.file.Path link = java.nio.file.Path.of("/proc/self/fd/" + n);
        java.nio.file.Path target = java.nio.file.Files.readSymbolicLink(link);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (UnixFd.cleanerCloses() == before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(UnixFd.cleanerCloses()).isEqualTo(before + 1);
        // Another thread may already have been given the same number: check it no longer
        // refers to our file.
        assertThat(java.nio.file.Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && java.nio.file.Files.readSymbolicLink(link).equals(target))
                .as("descriptor %d (%s) closed by the safety net", n, target).isFalse();
    }

    /** Opens a descriptor whose owner becomes unreachable at once. */
    private int forget() throws IOException {
        return UnixFd.open(file("forgotten")).fd();
    }
}
