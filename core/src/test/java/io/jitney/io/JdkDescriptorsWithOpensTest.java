package io.jitney.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.internal.conn.MessageChannel;
import io.jitney.internal.transport.UnixSocketTransport;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.wire.UnixFd;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDK objects holding a descriptor, sent from a JVM started with
 * {@code --add-opens java.base/java.io=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED}
 * (a surefire execution of its own, see core/pom.xml): each arrives as a working descriptor, and
 * the sender's object stays open and usable.
 */
class JdkDescriptorsWithOpensTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void opened() {
        Module base = Object.class.getModule();
        Module self = UnixFd.class.getModule();
        Assumptions.assumeTrue(base.isOpen("java.io", self) && base.isOpen("sun.nio.ch", self),
                "needs --add-opens java.base/java.io=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED "
                        + "(the with-add-opens surefire execution of core/pom.xml passes them)");
    }

    /** Reads a received descriptor from offset 0. */
    static String contentOf(Object fd) throws Exception {
        try (SeekableByteChannel ch = ((UnixFd) fd).toByteChannel()) {
            ch.position(0);
            ByteBuffer buf = ByteBuffer.allocate(256);
            while (ch.read(buf) > 0) {
                // until the end
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyKindOfHolderArrivesAsAWorkingDescriptor() throws Exception {
        Path a = Files.writeString(tmp.resolve("a"), "file input stream");
        Path b = Files.writeString(tmp.resolve("b"), "random access file");
        Path c = Files.writeString(tmp.resolve("c"), "file channel");
        Path d = Files.writeString(tmp.resolve("d"), "file descriptor");
        Path e = tmp.resolve("e");
        Path sock = tmp.resolve("s.sock");
        try (var pair = UnixSocketTransport.socketPair(); var fis = new FileInputStream(a.toFile());
                var raf = new RandomAccessFile(b.toFile(), "r"); var fc = FileChannel.open(c);
                var fisForFd = new FileInputStream(d.toFile()); var fos = new FileOutputStream(e.toFile());
                var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Pipe pipe = Pipe.open();
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(sock));
                    SocketChannel accepted = server.accept()) {
                var sender = new MessageChannel(pair.first(), true, null);
                var receiver = new MessageChannel(pair.second(), true, null);
                sender.write(Message.builder(MessageType.SIGNAL).path("/a").interfaceName("a.b").member("C")
                        .body("hhhhhhh", fis, raf, fc, fisForFd.getFD(), fos, pipe.sink(), client).build(), 1);
                Message m = receiver.read(5000);
                List<Object> body = m.body();
                assertThat(m.unixFdCount()).isEqualTo(7);
                assertThat(contentOf(body.get(0))).isEqualTo("file input stream");
                assertThat(contentOf(body.get(1))).isEqualTo("random access file");
                assertThat(contentOf(body.get(2))).isEqualTo("file channel");
                assertThat(contentOf(body.get(3))).isEqualTo("file descriptor");
                try (var out = ((UnixFd) body.get(4)).toOutputStream()) {
                    out.write("written by the receiver".getBytes(StandardCharsets.UTF_8));
                }
                assertThat(Files.readString(e)).isEqualTo("written by the receiver");
                try (var out = ((UnixFd) body.get(5)).toOutputStream()) {
                    out.write("into the JDK pipe".getBytes(StandardCharsets.UTF_8));
                }
                ByteBuffer got = ByteBuffer.allocate(64);
                pipe.source().read(got);
                assertThat(new String(got.array(), 0, got.position(), StandardCharsets.UTF_8)).isEqualTo("into the JDK pipe");
                try (var out = ((UnixFd) body.get(6)).toOutputStream()) {
                    out.write("over the socket".getBytes(StandardCharsets.UTF_8));
                }
                got.clear();
                accepted.read(got);
                assertThat(new String(got.array(), 0, got.position(), StandardCharsets.UTF_8)).isEqualTo("over the socket");
                // the sender's objects are still theirs, open and working
                assertThat(fc.isOpen()).isTrue();
                assertThat(client.isOpen()).isTrue();
                assertThat(fis.getFD().valid()).isTrue();
                sender.close();
                receiver.close();
            } finally {
                pipe.source().close();
                pipe.sink().close();
            }
        }
    }
}
