package io.jitney.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A thread waiting to read sleeps until there is something to read. Waiting inside a blocking
 * {@code recvmsg} it would also be woken, to sleep again, every time the peer drained some of what
 * this side was sending; waiting in {@code poll} for input it is not.
 */
class ReaderWakeupsTest {
    /** This thread's voluntary context switches so far (Linux: /proc/thread-self/status). */
    private static long voluntarySwitches(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no voluntary_ctxt_switches in " + status);
    }

    @Test
    void aWaitingReaderIsNotWokenWhileThePeerDrainsWhatThisSideSends() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var statusOfReader = new AtomicReference<Path>();
            var ready = new CountDownLatch(1);
            // Threads of their own: the common pool may have a single thread on a small machine.
            var threads = java.util.concurrent.Executors.newCachedThreadPool();
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    statusOfReader.set(Path.of("/proc/thread-self").toRealPath().resolve("status"));
                    ready.countDown();
                    return pair.first().read(ByteBuffer.allocate(16), -1, fd -> { });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, threads);
            ready.await();
            Thread.sleep(100); // into its wait
            long before = voluntarySwitches(statusOfReader.get());

            // This side sends 8 MiB; the peer takes it 2 KiB at a time, as dbus-daemon reads.
            int total = 8 << 20;
            CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> {
                var piece = ByteBuffer.allocate(2048);
                int got = 0;
                try {
                    while (got < total) {
                        piece.clear();
                        int n = pair.second().read(piece, 10_000, fd -> { });
                        if (n <= 0) {
                            throw new IOException("peer read " + n);
                        }
                        got += n;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, threads);
            pair.first().write(new ByteBuffer[] {ByteBuffer.allocate(total)}, new int[0]);
            drain.get(30, TimeUnit.SECONDS);
            long during = voluntarySwitches(statusOfReader.get()) - before;

            // Now something to read: the reader wakes and gets it.
            pair.second().write(new ByteBuffer[] {ByteBuffer.wrap("ping".getBytes())}, new int[0]);
            assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(during).as("times the waiting reader was woken while 8 MiB went out 2 KiB at a time")
                    .isLessThanOrEqualTo(2);
            threads.shutdown();
        }
    }
}
