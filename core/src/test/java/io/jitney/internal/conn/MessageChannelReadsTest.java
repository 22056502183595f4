package io.jitney.internal.conn;

import static io.jitney.internal.conn.MessageChannelWritesTest.readAll;
import static io.jitney.internal.conn.MessageChannelWritesTest.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.internal.transport.UnixSocketTransport;
import io.jitney.message.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageChannel#read} takes from the socket no more than the message it is assembling:
 * messages queued behind it stay in the socket until they are read. {@link
 * MessageChannel#readBatched} may take them all in one read.
 */
class MessageChannelReadsTest {
    private static final List<Message> QUEUED =
            List.of(signal("s", "first"), signal("s", "second ".repeat(50)), signal("s", "third"));

    private static void writeRaw(UnixSocketTransport to, byte[] bytes) throws IOException {
        to.write(new ByteBuffer[] {ByteBuffer.wrap(bytes)}, new int[0]);
    }

    /** The bytes of {@code messages[from..]}, numbered from serial 1 for the first of all. */
    private static byte[] wire(List<Message> messages, int from) {
        var all = new ByteArrayOutputStream();
        for (int i = from; i < messages.size(); i++) {
            all.writeBytes(messages.get(i).serialize(i + 1));
        }
        return all.toByteArray();
    }

    @Test
    void messagesQueuedBehindTheOneBeingReadStayInTheSocket() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var channel = new MessageChannel(pair.first(), false, null);
            writeRaw(pair.second(), wire(QUEUED, 0)); // all three in the socket at once

            Message m = channel.read(10_000);
            assertThat(m.body()).containsExactly("first");
            assertThat(channel.read(0)).as("nothing parsed ahead of time").isNull();

            // The other two are still in the socket, byte for byte.
            byte[] rest = wire(QUEUED, 1);
            assertThat(readAll(pair.first(), rest.length)).isEqualTo(rest);
        }
    }

    @Test
    void aBatchedReadMayTakeEveryQueuedMessageAndHandsThemOutOneByOne() throws Exception {
        try (var pair = UnixSocketTransport.socketPair()) {
            var channel = new MessageChannel(pair.first(), false, null);
            writeRaw(pair.second(), wire(QUEUED, 0));

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
            byte[] bytes = signal("s", "x".repeat(100_000)).serialize(7);
            var writer = new Thread(() -> {
                try {
                    for (int at = 0; at < bytes.length; at += 1_000) {
                        writeRaw(pair.second(), Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1_000)));
                    }
                    writeRaw(pair.second(), signal("s", "after").serialize(8));
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
