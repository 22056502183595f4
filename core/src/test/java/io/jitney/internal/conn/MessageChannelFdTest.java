package io.jitney.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.internal.transport.UnixSocketTransport;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.testing.Fds;
import io.jitney.wire.UnixFd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a channel puts on the socket for a message with descriptors, and what it refuses to. */
class MessageChannelFdTest {
    static Message withFds(Object... fds) {
        var sig = new StringBuilder();
        for (int i = 0; i < fds.length; i++) {
            sig.append('h');
        }
        return Message.builder(MessageType.SIGNAL).path("/io/jitney/Test").interfaceName("io.jitney.Test")
                .member("Fds").body(sig.toString(), fds).build();
    }

    @Test
    void allDescriptorsOfAMessageGoInOneSendmsgWithItsFirstByte() throws IOException {
        try (var pair = UnixSocketTransport.socketPair(); var pipe1 = UnixFd.pipe(); var pipe2 = UnixFd.pipe()) {
            var channel = new MessageChannel(pair.first(), true, null);
            Message m = withFds(pipe1.writeEnd(), pipe2.writeEnd(), pipe1.readEnd());
            int length = m.serialize(1).length;
            channel.write(m, 1);

            // The peer reads the first byte alone: every descriptor comes with it.
            var fds = new ArrayList<Integer>();
            assertThat(pair.second().read(ByteBuffer.allocate(1), 1000, fds::add)).isEqualTo(1);
            assertThat(fds).hasSize(3);
            for (int fd : fds) {
                assertThat(Fds.isCloseOnExec(fd)).as("received with MSG_CMSG_CLOEXEC").isTrue();
            }
            var rest = ByteBuffer.allocate(length);
            var more = new ArrayList<Integer>();
            int got = 1;
            while (got < length) {
                got += pair.second().read(rest, 1000, more::add);
            }
            assertThat(more).as("no descriptor comes with the later bytes").isEmpty();

            // They are copies of ours, in index order: write through the first, read from our pipe.
            try (var out = UnixFd.adopt(fds.get(0)).toOutputStream()) {
                out.write("via the copy".getBytes(StandardCharsets.UTF_8));
            }
            UnixFd.adopt(fds.get(1)).close();
            UnixFd.adopt(fds.get(2)).close();
            try (var in = pipe1.readEnd().dup().toByteChannel()) {
                byte[] buf = new byte[64];
                int n = in.read(ByteBuffer.wrap(buf));
                assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("via the copy");
            }
            channel.close();
        }
    }

    @Test
    void withoutFdPassingAMessageWithDescriptorsIsRefusedBeforeAnythingIsWritten() throws IOException {
        try (var pair = UnixSocketTransport.socketPair(); var pipe = UnixFd.pipe()) {
            var channel = new MessageChannel(pair.first(), false, null);
            assertThatThrownBy(() -> channel.write(withFds(pipe.readEnd()), 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fd passing is not enabled on this connection")
                    .hasMessageContaining("ConnectionOptions.withUnixFds(true)")
                    .hasMessageContaining("Nothing was sent");
            assertThat(pair.second().read(ByteBuffer.allocate(16), 100, fd -> { })).as("bytes on the wire").isZero();
            assertThat(pipe.readEnd().isOpen()).as("the caller still owns it").isTrue();
            channel.close();
        }
    }

    @Test
    void moreThan253DescriptorsAreRefusedBeforeAnythingIsWritten() throws IOException {
        List<UnixFd> fds = new ArrayList<>();
        try (var pair = UnixSocketTransport.socketPair()) {
            for (int i = 0; i < 254; i++) {
                fds.add(UnixFd.open(java.nio.file.Path.of("/dev/null")));
            }
            var channel = new MessageChannel(pair.first(), true, null);
            Message tooMany = Message.builder(MessageType.SIGNAL).path("/a").interfaceName("a.b").member("C")
                    .body("ah", fds).build();
            assertThatThrownBy(() -> channel.write(tooMany, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("more than 253 file descriptors in one message");
            assertThat(pair.second().read(ByteBuffer.allocate(16), 100, fd -> { })).isZero();

            // 253 is fine, and all arrive
            Message max = Message.builder(MessageType.SIGNAL).path("/a").interfaceName("a.b").member("C")
                    .body("ah", fds.subList(0, 253)).build();
            channel.write(max, 2);
            var other = new MessageChannel(pair.second(), true, null);
            Message got = other.read(2000);
            assertThat(got.unixFdCount()).isEqualTo(253);
            assertThat(((List<?>) got.body().getFirst())).hasSize(253);
            got.closeUnixFds();
            channel.close();
            other.close();
        } finally {
            fds.forEach(UnixFd::close);
        }
    }
}
