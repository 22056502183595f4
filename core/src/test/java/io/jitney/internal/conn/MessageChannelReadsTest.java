package io.jitney.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.internal.transport.UnixSocketTransport;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageChannel#read} takes from the socket no more than the message it is assembling:
 * messages queued behind it stay in the socket until they are read. {@link
 * MessageChannel#readBatched} may take them all in one read.
 */
class MessageChannelReadsTest {
    private static Message signal(String text) {
        return Message.builder(MessageType.SIGNAL).path("/t").interfaceName("io.jitney.Test").member("S")
                .body("s", text).build();
    }

    private static void writeRaw(UnixSocketTransport to, byte[] bytes) throws IOException {
        to.write(new ByteBuffer[] {ByteBuffer.wrap(bytes)}, new int[0]);
    }

    private static byte[] readRaw(UnixSocketTransport from, int length) {
        var buf = ByteBuffer.allocate(length);
        try {
            while (buf.hasRemaining()) {
                if (from.read(buf, 10_000, fd -> {}) <= 0) {
                    throw new IOException("no data");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.array();
    }

    @Test
    void messagesQueuedBehindTheOneBeingReadStayInTheSocket() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var channel = new MessageChannel(pair.first(), false, null);
            List<Message> sent = List.of(signal("first"), signal("second ".repeat(50)), signal("third"));
            var all = new ByteArrayOutputStream();
            for (int i = 0; i < sent.size(); i++) {
                all.writeBytes(sent.get(i).serialize(i + 1));
            }
            writeRaw(pair.second(), all.toByteArray()); // all three in the socket at once

            Message m = channel.read(10_000);
            assertThat(m.body()).containsExactly("first");
            assertThat(channel.read(0)).as("nothing parsed ahead of time").isNull();

            // The other two are still in the socket, byte for byte.
            byte[] rest = readRaw(pair.first(), sent.get(1).serialize(2).length + sent.get(2).serialize(3).length);
            var want = new ByteArrayOutputStream();
            want.writeBytes(sent.get(1).serialize(2));
            want.writeBytes(sent.get(2).serialize(3));
            assertThat(rest).isEqualTo(want.toByteArray());
        }
    }

    @Test
    void aBatchedReadMayTakeEveryQueuedMessageAndHandsThemOutOneByOne() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var channel = new MessageChannel(pair.first(), false, null);
            List<Message> sent = List.of(signal("first"), signal("second ".repeat(50)), signal("third"));
            var all = new ByteArrayOutputStream();
            for (int i = 0; i < sent.size(); i++) {
                all.writeBytes(sent.get(i).serialize(i + 1));
            }
            writeRaw(pair.second(), all.toByteArray());

            assertThat(channel.readBatched(10_000).body()).containsExactly("first");
            // The other two came in the same read: the socket is empty, the channel has them.
            assertThat(pair.first().read(ByteBuffer.allocate(64), 0, fd -> { })).as("bytes left in the socket").isZero();
            assertThat(channel.readBatched(0).body()).containsExactly("second ".repeat(50));
            assertThat(channel.read(0).body()).containsExactly("third");
            assertThat(channel.read(0)).isNull();
        }
    }

    @Test
    void aMessageSplitAcrossManyWritesIsStillAssembledWhole() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var channel = new MessageChannel(pair.first(), false, null);
            byte[] bytes = signal("x".repeat(100_000)).serialize(7);
            var writer = new Thread(() -> {
                try {
                    for (int at = 0; at < bytes.length; at += 1_000) {
                        byte[] piece = java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1_000));
                        writeRaw(pair.second(), piece);
                    }
                    writeRaw(pair.second(), signal("after").serialize(8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.start();
            Message big = channel.read(10_000);
            Message after = channel.read(10_000);
            writer.join();
            assertThat(big.serial()).isEqualTo(7);
            assertThat((String) big.body().getFirst()).hasSize(100_000);
            assertThat(after.body()).containsExactly("after");
        }
    }
}
