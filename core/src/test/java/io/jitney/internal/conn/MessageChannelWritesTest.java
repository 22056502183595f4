package io.jitney.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.internal.transport.UnixSocketTransport;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The channel's ways of writing — {@link MessageChannel#write}, {@link MessageChannel#enqueue}
 * (combined writes), {@link MessageChannel#tryWrite} (never blocks) — never let one message into
 * the middle of another, and keep each thread's messages in the order it sent them.
 */
class MessageChannelWritesTest {
    static Message signal(String signature, Object... body) {
        return Message.builder(MessageType.SIGNAL).path("/t").interfaceName("io.jitney.Test").member("S")
                .body(signature, body).build();
    }

    @Test
    void aMessageTheSocketTakesOnlyPartOfIsFinishedBeforeAnythingElse() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var channel = new MessageChannel(pair.first(), false, null);
            byte[] big = new byte[2 * pair.first().sendBufferSize() + (1 << 20)]; // more than the socket holds
            new Random(1).nextBytes(big);
            Message first = signal("ay", (Object) big);
            Message second = signal("s", "behind");
            Message third = signal("s", "last");

            // Nobody reads the other end: part goes, the rest waits; nothing else may go now.
            assertThat(channel.tryWrite(first, 1)).isEqualTo(MessageChannel.Attempt.STARTED);
            assertThat(channel.tryWrite(second, 2)).isEqualTo(MessageChannel.Attempt.NOT_WRITTEN);

            int expected = first.serialize(1).length + second.serialize(2).length + third.serialize(3).length;
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(pair.second(), expected));
            channel.write(second, 2); // finishes the first message, then writes this one
            channel.write(third, 3);
            byte[] bytes = received.get();
            var want = new ByteArrayOutputStream();
            want.writeBytes(first.serialize(1));
            want.writeBytes(second.serialize(2));
            want.writeBytes(third.serialize(3));
            assertThat(Arrays.equals(bytes, want.toByteArray())).as("the three messages, whole and in order").isTrue();

            // With room in the socket, a small message goes whole.
            assertThat(channel.tryWrite(signal("s", "small"), 4)).isEqualTo(MessageChannel.Attempt.WRITTEN);
            assertThat(readAll(pair.second(), signal("s", "small").serialize(4).length))
                    .isEqualTo(signal("s", "small").serialize(4));
        }
    }

    @Test
    void aFullSocketTakesNothingAndFlushFinishesWhatWasStarted() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var channel = new MessageChannel(pair.first(), false, null);
            byte[] big = new byte[2 * pair.first().sendBufferSize() + (1 << 20)];
            Message started = signal("ay", (Object) big);
            assertThat(channel.tryWrite(started, 1)).isEqualTo(MessageChannel.Attempt.STARTED);
            int length = started.serialize(1).length;
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(pair.second(), length));
            channel.flush();
            assertThat(received.get()).isEqualTo(started.serialize(1));
        }
    }

    @Test
    void messagesQueuedByManyThreadsAtOnceArriveWholeAndInEachThreadsOrder() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var channel = new MessageChannel(pair.first(), false, null);
            var peer = new MessageChannel(pair.second(), false, null);
            int threads = 16;
            int each = 400;
            var serial = new java.util.concurrent.atomic.AtomicInteger();
            var senders = new java.util.ArrayList<Thread>();
            var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add((t % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                    try {
                        for (int i = 0; i < each; i++) {
                            // Every fifth through write(): it must not overtake what this thread queued.
                            Message m = signal("uus", (long) thread, (long) i, "x".repeat(i % 300));
                            if (i % 5 == 4) {
                                channel.write(m, serial.incrementAndGet());
                            } else {
                                channel.enqueue(m, serial.incrementAndGet());
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            long[] next = new long[threads];
            for (int n = 0; n < threads * each; n++) {
                Message m = peer.read(10_000);
                assertThat(m).as("message %d", n).isNotNull();
                int thread = (int) (long) (Long) m.body().get(0);
                long i = (Long) m.body().get(1);
                assertThat(i).as("thread %d's messages in order", thread).isEqualTo(next[thread]);
                assertThat(m.body().get(2)).isEqualTo("x".repeat((int) i % 300));
                next[thread]++;
            }
            for (Thread t : senders) {
                t.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(peer.read(100)).as("nothing more").isNull();
        }
    }

    static byte[] readAll(UnixSocketTransport from, int length) {
        var buf = ByteBuffer.allocate(length);
        try {
            while (buf.hasRemaining()) {
                if (from.read(buf, 10_000, fd -> {}) <= 0) {
                    throw new IOException("no data");
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return buf.array();
    }
}
