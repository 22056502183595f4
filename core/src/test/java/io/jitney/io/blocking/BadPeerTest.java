package io.jitney.io.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusTimeoutException;
import io.jitney.ProtocolException;
import io.jitney.TransportException;
import io.jitney.auth.AuthenticationException;
import io.jitney.io.ConnectionOptions;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Variant;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The blocking connection against servers that misbehave ({@link BadPeer}): each must end in a
 * clear exception, quickly, and never in a hang. Every case runs under
 * {@code assertTimeoutPreemptively}, with a short authentication timeout where one matters.
 */
class BadPeerTest {
    /** No case may take longer than this: a hang fails the test instead of stalling the build. */
    static final Duration BOUND = Duration.ofSeconds(10);
    /** For the cases about the timeout: authentication (and Hello) must finish within this. */
    static final Duration AUTH = Duration.ofMillis(300);
    static final ConnectionOptions SHORT_AUTH = ConnectionOptions.defaults().withAuthTimeout(AUTH);
    /** For the others, where the clock must not decide: a slow machine still answers Hello in time. */
    static final ConnectionOptions OPTIONS = ConnectionOptions.defaults().withAuthTimeout(Duration.ofSeconds(5));
    static final DBusAddress EMITTER = new DBusAddress("/org/example/Bad", null, "org.example.Bad");

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- during SASL

    /** What a server that is not a D-Bus server might say first, and what Jitney must make of it. */
    record Garbage(String name, byte[] bytes, boolean thenHangUp, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Garbage> saslGarbage = List.of(
            new Garbage("binary (a TLS handshake)", new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc},
                    false, "NUL byte inside the authentication protocol"),
            new Garbage("non-ASCII text", "Gr\u00fc\u00df Gott\r\n".getBytes(StandardCharsets.UTF_8), false,
                    "non-ASCII byte 0xc3"),
            new Garbage("an HTTP response, then hang-up",
                    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    true, "closed the connection during authentication"),
            new Garbage("a line without end", "x".repeat(20_000).getBytes(StandardCharsets.US_ASCII), false,
                    "longer than 16384 bytes"),
            new Garbage("endless unknown commands", "WHAT\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII), false,
                    "more than 64 authentication lines"));

    @ParameterizedTest(name = "{0}")
    @FieldSource("saslGarbage")
    void garbageInsteadOfSaslIsAnAuthenticationFailure(Garbage g) throws Exception {
        try (var peer = BadPeer.start(dir, c -> {
            c.readNul();
            c.readLine();
            c.write(g.bytes());
            if (g.thenHangUp()) {
                c.hangUp();
            } else {
                c.awaitHangUp();
            }
        })) {
            // Each of these must fail on what it read, long before the auth timeout.
            long start = System.nanoTime();
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BlockingConnection.open(peer.address(), OPTIONS))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining(g.expected()));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(OPTIONS.authTimeout());
            peer.awaitScript(BOUND); // and Jitney hung up: the server saw the end of its stream
        }
    }

    /**
     * Regression: Jitney answers each garbage line with {@code ERROR}; when the server has already
     * hung up, that write fails (EPIPE) before the end of the stream is read, and this was a
     * {@code TransportException} without the transcript, where reading the end first gave an
     * {@code AuthenticationException}. Which comes first is a race, hence the repetitions.
     */
    @RepeatedTest(10)
    void garbageThenHangUpFailsTheSameWayWhicheverSideNoticesFirst() throws Exception {
        try (var peer = BadPeer.start(dir, c -> {
            c.readNul();
            c.readLine();
            c.write("SSH-2.0-OpenSSH_9.2\r\nProtocol mismatch.\r\n".getBytes(StandardCharsets.US_ASCII));
            c.hangUp();
        })) {
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BlockingConnection.open(peer.address(), OPTIONS))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("closed the connection during authentication")
                    .hasMessageContaining("S: SSH-2.0-OpenSSH_9.2"));
            peer.awaitScript(BOUND);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutNamingTheTimeout() throws Exception {
        try (var peer = BadPeer.start(dir, BadPeer.Connection::awaitHangUp)) {
            long start = System.nanoTime();
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BlockingConnection.open(peer.address(), SHORT_AUTH))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("did not finish within PT0.3S")
                    .hasMessageContaining(peer.address().substring("unix:path=".length())));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(AUTH);
            peer.awaitScript(BOUND);
        }
    }

    @Test
    void aServerThatStopsAnsweringHalfwayThroughSaslTimesOut() throws Exception {
        try (var peer = BadPeer.start(dir, c -> {
            c.readNul();
            c.readLine(); // AUTH EXTERNAL <uid>
            c.writeLine("DATA"); // a challenge, and then nothing more
            c.awaitHangUp();
        })) {
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BlockingConnection.open(peer.address(), SHORT_AUTH))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("did not finish within PT0.3S")
                    .hasMessageContaining("S: DATA")); // the transcript shows how far it got
            peer.awaitScript(BOUND);
        }
    }

    // ---------------------------------------------------------------- after SASL

    @Test
    void garbageAfterSaslClosesTheConnectionWithTheFramingError() throws Exception {
        try (var peer = BadPeer.start(dir, c -> {
            c.authenticate();
            c.readMessage(); // Hello
            c.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            c.awaitHangUp();
        })) {
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BlockingConnection.open(peer.address(), OPTIONS))
                    .isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("closed after a protocol error")
                    .hasMessageContaining("framing error")
                    .cause().isInstanceOf(ProtocolException.class));
            peer.awaitScript(BOUND);
        }
    }

    @Test
    void aServerThatNeverAnswersHelloTimesOut() throws Exception {
        try (var peer = BadPeer.start(dir, c -> {
            c.authenticate();
            c.awaitHangUp();
        })) {
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BlockingConnection.open(peer.address(), SHORT_AUTH))
                    .isInstanceOf(DBusTimeoutException.class)
                    .hasMessageContaining("waiting for the reply to Hello"));
            peer.awaitScript(BOUND);
        }
    }

    @Test
    void aServerThatHangsUpAfterSaslClosesTheConnection() throws Exception {
        try (var peer = BadPeer.start(dir, c -> {
            c.authenticate();
            c.readMessage();
            c.hangUp();
        })) {
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BlockingConnection.open(peer.address(), OPTIONS))
                    .isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("was closed by the peer"));
            peer.awaitScript(BOUND);
        }
    }

    @Test
    void halfAMessageThenHangUpSaysThePeerClosedMidMessage() throws Exception {
        byte[] signal = Messages.newSignal(EMITTER, "Cut", "s", "x".repeat(100)).serialize(2);
        try (var peer = BadPeer.start(dir, c -> {
            c.authenticateAndAnswerHello();
            c.write(Arrays.copyOf(signal, signal.length / 2));
            c.hangUp();
        })) {
            assertTimeoutPreemptively(BOUND, () -> {
                try (var conn = BlockingConnection.open(peer.address(), OPTIONS)) {
                    assertThat(conn.uniqueName()).isEqualTo(":1.1");
                    assertThatThrownBy(() -> conn.receive(BOUND))
                            .isInstanceOf(ConnectionClosedException.class)
                            .hasMessageContaining("was closed by the peer in the middle of a message")
                            .hasMessageContaining("(" + signal.length / 2 + " bytes of it received)");
                    // and it stays closed, saying why
                    assertThatThrownBy(() -> conn.receive(Duration.ofMillis(10)))
                            .isInstanceOf(ConnectionClosedException.class)
                            .hasMessageContaining("the peer closed the connection");
                }
            });
            peer.awaitScript(BOUND);
        }
    }

    // ---------------------------------------------------------------- a malformed message

    /** A message whose framing is sound but whose content is not, made by breaking a valid one. */
    record Malformed(String name, Message valid, Consumer<ByteBuffer> breakBody) {
        @Override
        public String toString() {
            return name;
        }

        byte[] bytes(int serial) {
            byte[] b = valid.serialize(serial, ByteOrder.LITTLE_ENDIAN);
            ByteBuffer whole = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int bodyLength = whole.getInt(4);
            breakBody.accept(whole.slice(b.length - bodyLength, bodyLength).order(ByteOrder.LITTLE_ENDIAN));
            return b;
        }
    }

    static final List<Malformed> malformed = List.of(
            new Malformed("a boolean that is 2", Messages.newSignal(EMITTER, "Bad", "b", true), body -> body.putInt(0, 2)),
            new Malformed("invalid UTF-8", Messages.newSignal(EMITTER, "Bad", "s", "abc"), body -> body.put(5, (byte) 0xff)),
            new Malformed("a string without its NUL", Messages.newSignal(EMITTER, "Bad", "s", "abc"),
                    body -> body.put(7, (byte) 'x')),
            new Malformed("an invalid object path", Messages.newSignal(EMITTER, "Bad", "o", new ObjectPath("/ab")),
                    body -> body.put(5, (byte) '-')),
            new Malformed("an array longer than the body", Messages.newSignal(EMITTER, "Bad", "ai", List.of(1)),
                    body -> body.putInt(0, 8)),
            new Malformed("a variant with an invalid signature", Messages.newSignal(EMITTER, "Bad", "v", Variant.of("i", 1)),
                    body -> body.put(1, (byte) '!')));

    @ParameterizedTest(name = "{0}")
    @FieldSource("malformed")
    void aMalformedMessageIsSkippedCountedAndTheConnectionGoesOn(Malformed bad) throws Exception {
        byte[] after = Messages.newSignal(EMITTER, "After", "s", "still here").serialize(3);
        try (var peer = BadPeer.start(dir, c -> {
            c.authenticateAndAnswerHello();
            c.write(bad.bytes(2));
            c.write(after);
            c.awaitHangUp();
        })) {
            assertTimeoutPreemptively(BOUND, () -> {
                try (var conn = BlockingConnection.open(peer.address(), OPTIONS)) {
                    Message next = conn.receive(BOUND);
                    assertThat(next.type()).isEqualTo(MessageType.SIGNAL);
                    assertThat(next.member()).isEqualTo("After");
                    assertThat(next.body()).containsExactly("still here");
                    assertThat(conn.malformedMessages()).isEqualTo(1);
                }
            });
            peer.awaitScript(BOUND);
        }
    }

    // ---------------------------------------------------------------- no server at all

    @Test
    void aPathWithNoSocketNamesTheAddress() {
        String address = "unix:path=" + dir.resolve("no-such-socket");
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BlockingConnection.open(address, OPTIONS))
                .isInstanceOf(TransportException.class)
                .isNotInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("could not connect to D-Bus at " + address));
    }

    @Test
    void aStaleSocketFileNamesTheAddress() throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(stale)); // closing leaves the file behind, listened to by no one
        }
        assertThat(Files.exists(stale)).isTrue();
        String address = "unix:path=" + stale;
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BlockingConnection.open(address, OPTIONS))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("could not connect to D-Bus at " + address));
    }

    @Test
    void anAbstractNameNobodyListensOnNamesTheAddress() {
        String address = "unix:abstract=/jitney/test/nobody-" + UUID.randomUUID();
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BlockingConnection.open(address, OPTIONS))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("could not connect to D-Bus at " + address));
    }
}
