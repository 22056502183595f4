package io.jitney.internal.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.internal.unix.ErrnoException;
import io.jitney.internal.unix.LibC;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixSocketTransportTest {
    private static final Duration HANG = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private static void writeString(Transport t, String s, int... fds) throws IOException {
        t.write(new ByteBuffer[] {ByteBuffer.wrap(s.getBytes(UTF_8))}, fds);
    }

    /** Reads exactly {@code n} bytes, collecting fds. */
    private static byte[] readFully(Transport t, int n, List<Integer> fds) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(n);
        while (dst.hasRemaining()) {
            int r = t.read(dst, HANG.toMillis(), fds::add);
            if (r <= 0) {
                throw new IOException("read returned " + r + " after " + dst.position() + " bytes");
            }
        }
        return dst.array();
    }

    @Test
    void socketPairCarriesBytesBothWays() throws IOException {
        try (var pair = UnixSocketTransport.socketPair()) {
            writeString(pair.first(), "ping");
            assertThat(new String(readFully(pair.second(), 4, new ArrayList<>()), UTF_8)).isEqualTo("ping");
            writeString(pair.second(), "pong");
            assertThat(new String(readFully(pair.first(), 4, new ArrayList<>()), UTF_8)).isEqualTo("pong");
            assertThat(pair.first().canPassFds()).isTrue();
            assertThat(pair.first().describe()).isEqualTo("socketpair[0]");
        }
    }

    @Test
    void gatheredWriteOfHeapAndDirectBuffersKeepsOrderAndAdvancesPositions() throws IOException {
        try (var pair = UnixSocketTransport.socketPair()) {
            ByteBuffer header = ByteBuffer.wrap("HEADER--".getBytes(UTF_8));
            ByteBuffer empty = ByteBuffer.allocate(0);
            ByteBuffer body = ByteBuffer.allocateDirect(5).put("body!".getBytes(UTF_8)).flip();
            ByteBuffer tail = ByteBuffer.wrap("xxTAILxx".getBytes(UTF_8), 2, 4);
            pair.first().write(new ByteBuffer[] {header, empty, body, tail}, new int[0]);
            assertThat(header.hasRemaining()).isFalse();
            assertThat(body.hasRemaining()).isFalse();
            assertThat(tail.hasRemaining()).isFalse();
            ByteBuffer direct = ByteBuffer.allocateDirect(17);
            while (direct.hasRemaining()) {
                assertThat(pair.second().read(direct, HANG.toMillis(), fd -> { })).isPositive();
            }
            byte[] got = new byte[17];
            direct.flip().get(got);
            assertThat(new String(got, UTF_8)).isEqualTo("HEADER--body!TAIL");
        }
    }

    @Test
    void largeWritesLoopOverPartialSendsAndScratchLimits() throws Exception {
        byte[] big = new byte[9 * 1024 * 1024 + 7]; // more than the socket buffer and the native scratch
        new Random(42).nextBytes(big);
        try (var pair = UnixSocketTransport.socketPair()) {
            var reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return readFully(pair.second(), big.length, new ArrayList<>());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            ByteBuffer a = ByteBuffer.wrap(big, 0, 1000);
            ByteBuffer b = ByteBuffer.allocateDirect(3 * 1024 * 1024).put(big, 1000, 3 * 1024 * 1024).flip();
            ByteBuffer c = ByteBuffer.wrap(big, 1000 + 3 * 1024 * 1024, big.length - 1000 - 3 * 1024 * 1024);
            pair.first().write(new ByteBuffer[] {a, b, c}, new int[0]);
            assertThat(reader.get(HANG.toSeconds(), TimeUnit.SECONDS)).isEqualTo(big);
        }
    }

    @Test
    void oneReaderAndManyWritersOnTheSameTransportAtOnce() throws Exception {
        // The peer echoes; on the transport under test, writers (serialised by a lock, as the
        // connection layer will do) and a reader run at the same time, with heap buffers, so both
        // directions use their native scratch memory concurrently.
        int writers = 4;
        int chunks = 200;
        int chunk = 8192;
        // Own threads: the common pool may have a single thread, which the echo would occupy.
        java.util.concurrent.Executor threads = r -> Thread.ofPlatform().daemon().start(r);
        try (var pair = UnixSocketTransport.socketPair()) {
            var echo = CompletableFuture.runAsync(() -> {
                try {
                    ByteBuffer buf = ByteBuffer.allocate(65536);
                    while (true) {
                        buf.clear();
                        int n = pair.second().read(buf, HANG.toMillis(), fd -> { });
                        if (n <= 0) {
                            return;
                        }
                        buf.flip();
                        pair.second().write(new ByteBuffer[] {buf}, new int[0]);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            var reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return readFully(pair.first(), writers * chunks * chunk, new ArrayList<>());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            Object lock = new Object();
            var writing = new ArrayList<CompletableFuture<Void>>();
            for (int w = 0; w < writers; w++) {
                byte value = (byte) (w + 1);
                writing.add(CompletableFuture.runAsync(() -> {
                    byte[] data = new byte[chunk];
                    java.util.Arrays.fill(data, value);
                    try {
                        for (int i = 0; i < chunks; i++) {
                            synchronized (lock) {
                                pair.first().write(new ByteBuffer[] {ByteBuffer.wrap(data, 0, chunk / 2),
                                        ByteBuffer.wrap(data, chunk / 2, chunk / 2)}, new int[0]);
                            }
                        }
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }, threads));
            }
            CompletableFuture.allOf(writing.toArray(CompletableFuture[]::new)).get(HANG.toSeconds(), TimeUnit.SECONDS);
            byte[] got = reader.get(HANG.toSeconds(), TimeUnit.SECONDS);
            // Whole chunks arrive unmixed: each 8 KiB block holds one writer's byte.
            int[] perWriter = new int[writers + 1];
            for (int off = 0; off < got.length; off += chunk) {
                byte v = got[off];
                int mixed = -1;
                for (int i = off; i < off + chunk && mixed < 0; i++) {
                    mixed = got[i] != v ? i : -1;
                }
                assertThat(mixed).as("first byte of another writer inside the chunk at %d", off).isEqualTo(-1);
                perWriter[v]++;
            }
            for (int w = 1; w <= writers; w++) {
                assertThat(perWriter[w]).isEqualTo(chunks);
            }
            pair.first().close();
            echo.get(HANG.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void passesAPipeWithScmRights() throws IOException {
        int[] pipe = NativeFds.pipe();
        try (var pair = UnixSocketTransport.socketPair()) {
            writeString(pair.first(), "x", pipe[1]);
            NativeFds.close(pipe[1]); // ours; the peer gets its own copy
            var fds = new ArrayList<Integer>();
            assertThat(readFully(pair.second(), 1, fds)).containsExactly('x');
            assertThat(fds).hasSize(1);
            int received = fds.getFirst();
            assertThat(received).isNotNegative();
            NativeFds.write(received, "through the passed fd");
            assertThat(NativeFds.read(pipe[0], 100)).isEqualTo("through the passed fd");
            NativeFds.close(received);
        } finally {
            NativeFds.close(pipe[0]);
        }
    }

    @Test
    void passesSeveralFdsInOneMessageWithCloexecSet() throws IOException {
        int[][] pipes = {NativeFds.pipe(), NativeFds.pipe(), NativeFds.pipe()};
        try (var pair = UnixSocketTransport.socketPair()) {
            pair.first().write(new ByteBuffer[] {ByteBuffer.wrap("ab".getBytes(UTF_8)), ByteBuffer.wrap("c".getBytes(UTF_8))},
                    new int[] {pipes[0][1], pipes[1][1], pipes[2][1]});
            var fds = new ArrayList<Integer>();
            readFully(pair.second(), 3, fds);
            assertThat(fds).hasSize(3).doesNotHaveDuplicates();
            for (int i = 0; i < 3; i++) {
                int fd = fds.get(i);
                assertThat(NativeFds.fdFlags(fd) & LibC.FD_CLOEXEC).as("FD_CLOEXEC on fd %d", fd).isEqualTo(LibC.FD_CLOEXEC);
                NativeFds.write(fd, "pipe" + i);
                assertThat(NativeFds.read(pipes[i][0], 100)).isEqualTo("pipe" + i);
                NativeFds.close(fd);
            }
        } finally {
            for (int[] p : pipes) {
                NativeFds.close(p);
            }
        }
    }

    @Test
    void fdsGoWithTheFirstByteOnly() throws IOException {
        int[] pipe = NativeFds.pipe();
        try (var pair = UnixSocketTransport.socketPair()) {
            writeString(pair.first(), "one", pipe[1]);
            writeString(pair.first(), "two");
            var fds = new ArrayList<Integer>();
            assertThat(new String(readFully(pair.second(), 6, fds), UTF_8)).isEqualTo("onetwo");
            assertThat(fds).hasSize(1);
            NativeFds.close(fds.getFirst());
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void rejectsFdMisuse() throws IOException {
        try (var pair = UnixSocketTransport.socketPair()) {
            assertThatThrownBy(() -> pair.first().write(new ByteBuffer[0], new int[] {0}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one byte");
            assertThatThrownBy(() -> pair.first().write(new ByteBuffer[] {ByteBuffer.allocate(1)}, new int[254]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("253");
            assertThatThrownBy(() -> pair.first().read(ByteBuffer.allocate(0), 0, fd -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readTimesOutWithZero() throws IOException {
        try (var pair = UnixSocketTransport.socketPair()) {
            assertThat(pair.first().read(ByteBuffer.allocate(8), 50, fd -> { })).isZero();
            assertThat(pair.first().read(ByteBuffer.allocate(8), 0, fd -> { })).isZero();
            writeString(pair.second(), "late");
            assertThat(pair.first().read(ByteBuffer.allocate(8), 0, fd -> { })).isEqualTo(4);
        }
    }

    @Test
    void peerClosingGivesEndOfStream() throws IOException {
        try (var pair = UnixSocketTransport.socketPair()) {
            writeString(pair.second(), "last");
            pair.second().close();
            ByteBuffer dst = ByteBuffer.allocate(16);
            assertThat(pair.first().read(dst, HANG.toMillis(), fd -> { })).isEqualTo(4);
            assertThat(pair.first().read(dst, HANG.toMillis(), fd -> { })).isEqualTo(-1);
            assertThat(pair.first().read(dst, -1, fd -> { })).isEqualTo(-1);
        }
    }

    @Test
    void aLargeHeapBufferGoesStraightFromAndIntoJavaArrays() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024 + 3];
        new Random(5).nextBytes(big);
        try (var pair = UnixSocketTransport.socketPair()) {
            // readBulk: recv into the array itself, in as many reads as the socket needs.
            var reader = CompletableFuture.supplyAsync(() -> {
                ByteBuffer dst = ByteBuffer.allocate(big.length);
                try {
                    while (dst.hasRemaining()) {
                        assertThat(pair.second().readBulk(dst, 10_000)).isPositive();
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                return dst.array();
            });
            // A read-only heap buffer, as MessageWriter hands out: send takes the array itself.
            ByteBuffer src = ByteBuffer.wrap(big).asReadOnlyBuffer();
            pair.first().write(new ByteBuffer[] {src}, new int[0]);
            assertThat(src.hasRemaining()).isFalse();
            assertThat(reader.get(HANG.toSeconds(), TimeUnit.SECONDS)).isEqualTo(big);
        }
    }

    @Test
    void writeNowTakesWhatFitsAndReadBulkTimesOutAndSeesTheEnd() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            byte[] big = new byte[2 * pair.first().sendBufferSize() + (1 << 20)]; // more than the socket holds
            new Random(6).nextBytes(big);
            ByteBuffer src = ByteBuffer.wrap(big);
            long first = pair.first().writeNow(new ByteBuffer[] {src}, new int[0]);
            assertThat(first).isPositive().isLessThan(big.length); // nobody reads: part of it fits
            assertThat(src.position()).isEqualTo((int) first);
            assertThat(pair.first().writeNow(new ByteBuffer[] {src}, new int[0])).isZero(); // full now
            ByteBuffer dst = ByteBuffer.allocate(big.length);
            while (dst.position() < first) {
                assertThat(pair.second().readBulk(dst, 1_000)).isPositive();
            }
            assertThat(pair.second().readBulk(dst, 50)).as("nothing more was sent").isZero();
            var rest = CompletableFuture.runAsync(() -> { // the rest, blocking until the reader makes room
                try {
                    pair.first().write(new ByteBuffer[] {src}, new int[0]);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            while (dst.hasRemaining()) {
                assertThat(pair.second().readBulk(dst, 10_000)).isPositive();
            }
            rest.get(HANG.toSeconds(), TimeUnit.SECONDS);
            assertThat(dst.array()).isEqualTo(big);
            pair.first().close();
            assertThat(pair.second().readBulk(ByteBuffer.allocate(100_000), 1_000)).isEqualTo(-1);
        }
    }

    @Test
    void closeWakesABlockedReader() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var started = new CountDownLatch(1);
            var blocked = CompletableFuture.supplyAsync(() -> {
                started.countDown();
                try {
                    return pair.first().read(ByteBuffer.allocate(8), -1, fd -> { });
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            started.await();
            Thread.sleep(100); // let it reach recvmsg; the outcome is the same if it has not yet
            pair.first().close();
            assertThatThrownBy(() -> blocked.get(HANG.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().cause().isInstanceOfAny(AsynchronousCloseException.class, ClosedChannelException.class);
        }
    }

    @Test
    void closeWakesAReaderWaitingWithATimeout() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return pair.first().read(ByteBuffer.allocate(8), TimeUnit.MINUTES.toMillis(10), fd -> { });
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(100);
            pair.first().close();
            assertThatThrownBy(() -> blocked.get(HANG.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().cause().isInstanceOf(ClosedChannelException.class);
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() throws IOException {
        var pair = UnixSocketTransport.socketPair();
        pair.first().close();
        pair.first().close();
        assertThatThrownBy(() -> writeString(pair.first(), "x")).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> pair.first().read(ByteBuffer.allocate(1), 0, fd -> { }))
                .isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> pair.first().peerCredentials()).isInstanceOf(ClosedChannelException.class);
        assertThat(pair.second().read(ByteBuffer.allocate(1), HANG.toMillis(), fd -> { })).isEqualTo(-1);
        pair.close();
    }

    @Test
    void writingToAClosedPeerFailsWithEpipe() throws IOException {
        try (var pair = UnixSocketTransport.socketPair()) {
            pair.second().close();
            assertThatThrownBy(() -> writeString(pair.first(), "x"))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> {
                        assertThat(e.errno()).isEqualTo(32);
                        assertThat(e.getMessage()).startsWith("sendmsg(socketpair[0]) failed: EPIPE");
                    });
        }
    }

    @Test
    void abstractListenerAcceptsAndReportsPeerCredentials() throws IOException {
        String name = "/jitney-test/" + UUID.randomUUID();
        try (var listener = UnixListener.bindAbstract(name);
                var client = UnixSocketTransport.connectAbstract(name, "unix:abstract=" + name);
                var server = listener.accept(HANG.toMillis())) {
            assertThat(server).isNotNull();
            writeString(client, "hello");
            assertThat(new String(readFully(server, 5, new ArrayList<>()), UTF_8)).isEqualTo("hello");
            var cred = client.peerCredentials();
            assertThat(cred.pid()).isEqualTo((int) ProcessHandle.current().pid());
            assertThat(cred.uid()).isEqualTo(LibC.getuid());
            assertThat(listener.address().format()).startsWith("unix:abstract=/jitney-test/");
        }
        // The abstract name is not a file and must not be reachable once closed.
        assertThatThrownBy(() -> UnixSocketTransport.connectAbstract(name, "gone"))
                .isInstanceOf(ErrnoException.class).hasMessageContaining("ECONNREFUSED");
    }

    /**
     * Both ends of a connection ask for an 8 MiB send buffer, as sd-bus does; the kernel grants
     * at most {@code net.core.wmem_max} and reports twice what it grants.
     */
    @Test
    void connectedAndAcceptedSocketsAskForALargeSendBuffer() throws IOException {
        // Read as a stream: procfs reports a size that Files.readString can take at its word.
        long wmemMax;
        try (var in = Files.newBufferedReader(Path.of("/proc/sys/net/core/wmem_max"))) {
            wmemMax = Long.parseLong(in.readLine().strip());
        }
        int expected = (int) (2 * Math.min(wmemMax, UnixSocketTransport.SEND_BUFFER_REQUEST));
        String name = "/jitney-test/" + UUID.randomUUID();
        try (var listener = UnixListener.bindAbstract(name);
                var client = UnixSocketTransport.connectAbstract(name, "unix:abstract=" + name);
                var server = listener.accept(HANG.toMillis());
                var pair = UnixSocketTransport.socketPair()) {
            assertThat(client.sendBufferSize()).isEqualTo(expected);
            assertThat(((UnixSocketTransport) server).sendBufferSize()).isEqualTo(expected);
            assertThat(pair.first().sendBufferSize()).isEqualTo(expected);
            // Where the administrator allows it, a 1 MiB message leaves in one non-blocking send,
            // with no reader on the other end yet.
            Assumptions.assumeTrue(wmemMax >= 2 << 20, "net.core.wmem_max is " + wmemMax
                    + " bytes; raise it to 2 MiB or more (sysctl net.core.wmem_max) to check a 1 MiB send");
            ByteBuffer big = ByteBuffer.allocate(1 << 20);
            assertThat(client.writeNow(new ByteBuffer[] {big}, new int[0])).isEqualTo(1 << 20);
            assertThat(readFully(server, 1 << 20, new ArrayList<>())).hasSize(1 << 20);
        }
    }

    @Test
    void abstractNamesAreNotPaddedWithNuls() throws IOException {
        // If the address length covered all of sun_path, "x" and "x\0\0…" would be the same
        // name and a prefix would connect; with the exact length they are distinct.
        String name = "jitney-" + UUID.randomUUID();
        try (var listener = UnixListener.bindAbstract(name)) {
            assertThatThrownBy(() -> UnixSocketTransport.connectAbstract(name.substring(0, name.length() - 1), "prefix"))
                    .isInstanceOf(ErrnoException.class);
            try (var ok = UnixSocketTransport.connectAbstract(name, "exact");
                    var accepted = listener.accept(HANG.toMillis())) {
                assertThat(accepted).isNotNull();
                assertThat(ok.describe()).isEqualTo("exact");
            }
        }
    }

    @Test
    void pathListener() throws IOException {
        Path socket = tmp.resolve("s");
        try (var listener = UnixListener.bindPath(socket);
                var client = UnixSocketTransport.connectPath(socket, "unix:path=" + socket);
                var server = listener.accept(HANG.toMillis())) {
            writeString(server, "hi");
            assertThat(new String(readFully(client, 2, new ArrayList<>()), UTF_8)).isEqualTo("hi");
            assertThat(listener.accept(10)).isNull();
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void connectErrorsNameTheCallAndErrno() {
        Path missing = tmp.resolve("nobody-here");
        assertThatThrownBy(() -> UnixSocketTransport.connectPath(missing, "unix:path=" + missing))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("connect(unix:path=" + missing
                            + ") failed: ENOENT (No such file or directory)");
                    assertThat(e.call()).startsWith("connect(");
                });
        assertThatThrownBy(() -> UnixSocketTransport.connectPath(Path.of("/" + "x".repeat(200)), "long"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
