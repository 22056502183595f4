package io.jitney.auth;

import static io.jitney.auth.AuthTestSupport.GUID;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.testing.Peers;
import io.jitney.testing.Peers.Peer;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real D-Bus clients — libdbus's {@code dbus-send}, GLib's {@code gdbus}, systemd's {@code busctl}
 * — authenticate against {@link SaslServer} listening on a Unix socket, peer to peer; the test
 * then checks that what follows {@code BEGIN} is the start of a D-Bus method call.
 */
@Timeout(30)
class RealClientsAgainstSaslServerTest {
    private static final String PATH = "/org/example/Jitney";
    private static final String INTERFACE = "org.example.Jitney";

    @TempDir
    Path dir;

    static Stream<Arguments> clients() {
        return Stream.of(
                Arguments.of("dbus-send", Peer.DBUS_SEND),
                Arguments.of("gdbus", Peer.GDBUS),
                Arguments.of("busctl", Peer.BUSCTL));
    }

    private static List<String> commandLine(String client, String address) {
        return switch (client) {
            // Without --print-reply dbus-send sends the call and exits; with --address it sends no Hello.
            case "dbus-send" -> List.of("dbus-send", "--address=" + address, "--type=method_call",
                    "--dest=org.example.Jitney", PATH, INTERFACE + ".Ping");
            // A non-bus address: gdbus authenticates and sends the call, no Hello.
            case "gdbus" -> List.of("gdbus", "call", "--address", address, "--object-path", PATH,
                    "--method", INTERFACE + ".Ping", "--timeout", "5");
            // sd-bus pipelines its commands and sends Hello first.
            case "busctl" -> List.of("busctl", "--address=" + address, "--timeout=5", "call",
                    "org.example.Jitney", PATH, INTERFACE, "Ping");
            default -> throw new IllegalArgumentException(client);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void realClientAuthenticatesWithExternal(String client, Peer peer) throws Exception {
        Peers.assumeAvailable(peer);
        var socket = dir.resolve("p2p");
        var output = dir.resolve(client + ".out");
        try (var listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            var process = new ProcessBuilder(commandLine(client, "unix:path=" + escape(socket.toString())))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try (var channel = listener.accept()) {
                // A real transport reads the peer's uid with SO_PEERCRED; the peer here is our own
                // child process, so it runs as our uid.
                var server = SaslServer.builder(GUID).peerUid(AuthTestSupport.uid()).unixFdPassing(true).build();
                var firstBytes = authenticate(channel, server, output);

                assertThat(server.isDone()).isTrue();
                assertThat(server.authenticatedUid()).hasValue(AuthTestSupport.uid());
                assertThat(server.authenticatedMechanism()).hasValue("EXTERNAL");
                assertThat(server.transcript()).as("transcript").last().isEqualTo("C: BEGIN");
                // gdbus first sends a bare AUTH to learn the mechanisms.
                assertThat(server.transcript()).anySatisfy(line -> assertThat(line).startsWith("C: AUTH EXTERNAL"));

                var message = readAtLeast(channel, firstBytes, 16);
                assertThat((char) message[0]).as("endianness").isIn('l', 'B');
                assertThat(message[1]).as("message type (1 = METHOD_CALL)").isEqualTo((byte) 1);
                assertThat(message[3]).as("protocol version").isEqualTo((byte) 1);
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs the server side until BEGIN; returns the bytes received after it. */
    private static byte[] authenticate(SocketChannel channel, SaslServer server, Path clientOutput)
            throws IOException {
        var buffer = ByteBuffer.allocate(4096);
        while (!server.isDone()) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                throw new EOFException("The client hung up during authentication; transcript " + server.transcript()
                        + ", client output: " + Files.readString(clientOutput));
            }
            server.receive(buffer.flip());
            var reply = ByteBuffer.wrap(server.takeOutput());
            while (reply.hasRemaining()) {
                channel.write(reply);
            }
        }
        return server.takeUnusedBytes();
    }

    private static byte[] readAtLeast(SocketChannel channel, byte[] start, int n) throws IOException {
        var bytes = new ByteArrayOutputStream();
        bytes.writeBytes(start);
        var buffer = ByteBuffer.allocate(4096);
        while (bytes.size() < n) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                throw new EOFException("The client hung up after BEGIN");
            }
            bytes.write(buffer.array(), 0, buffer.position());
        }
        return bytes.toByteArray();
    }

    /** D-Bus address value escaping: bytes outside {@code [-0-9A-Za-z_/.\*]} become {@code %xx}. */
    private static String escape(String value) {
        var out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "-_/.*".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02x", b & 0xff));
            }
        }
        return out.toString();
    }
}
