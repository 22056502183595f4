package io.jitney.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.internal.conn.MessageChannel;
import io.jitney.internal.transport.UnixSocketTransport;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.wire.UnixFd;
import java.io.FileInputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDK objects holding a descriptor, sent from a JVM started <em>without</em> the
 * {@code --add-opens} flags (the default test run): the error names the flag, and nothing is
 * written. {@code JdkDescriptorsWithOpensTest} runs in a JVM with them.
 */
class JdkDescriptorsTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void notOpened() {
        Module base = Object.class.getModule();
        Module self = UnixFd.class.getModule();
        Assumptions.assumeFalse(base.isOpen("java.io", self) || base.isOpen("sun.nio.ch", self),
                "this JVM opens java.io or sun.nio.ch to Jitney; JdkDescriptorsWithOpensTest covers that case");
    }

    static Message carrying(Object holder) {
        return Message.builder(MessageType.SIGNAL).path("/a").interfaceName("a.b").member("C")
                .body("sh", "x", holder).build();
    }

    @Test
    void withoutTheFlagTheErrorNamesItAndNothingIsWritten() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "content");
        try (var pair = UnixSocketTransport.socketPair(); var in = new FileInputStream(file.toFile());
                var raf = new RandomAccessFile(file.toFile(), "r"); var fc = FileChannel.open(file)) {
            var channel = new MessageChannel(pair.first(), true, null);
            Pipe pipe = Pipe.open();
            for (Object holder : new Object[] {in, in.getFD(), raf}) {
                assertThatThrownBy(() -> channel.write(carrying(holder), 1))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("argument 1")
                        .hasMessageContaining("start the JVM with --add-opens java.base/java.io=ALL-UNNAMED")
                        .hasMessageContaining("or send a UnixFd or an int");
            }
            for (Object holder : new Object[] {fc, pipe.source()}) {
                assertThatThrownBy(() -> channel.write(carrying(holder), 1))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("--add-opens java.base/sun.nio.ch=ALL-UNNAMED");
            }
            pipe.source().close();
            pipe.sink().close();
            assertThat(pair.second().read(ByteBuffer.allocate(16), 100, fd -> { })).as("bytes written").isZero();
            channel.close();
        }
    }

    @Test
    void aClosedHolderIsReportedAsClosed() throws Exception {
        Path file = Files.writeString(tmp.resolve("g"), "content");
        var in = new FileInputStream(file.toFile());
        in.close();
        assertThatThrownBy(() -> carrying(in).serialize(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the java.io.FileInputStream is closed");
        var fc = FileChannel.open(file);
        fc.close();
        assertThatThrownBy(() -> carrying(fc).serialize(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is closed");
    }
}
