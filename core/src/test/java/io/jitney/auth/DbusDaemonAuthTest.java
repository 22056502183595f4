package io.jitney.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.address.ServerAddress;
import io.jitney.auth.SaslClient.UnixFdNegotiation;
import io.jitney.testing.DBusDaemonExtension;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SaslClient} against real {@code dbus-daemon}s that each accept one mechanism (one daemon
 * per mechanism for the class; each test has connections of its own), over a Unix socket opened
 * with plain {@link SocketChannel}: the authentication must succeed and the bus must then answer a
 * {@code Hello} written by hand.
 */
@Timeout(30)
class DbusDaemonAuthTest {
    /** A bus that accepts only {@code EXTERNAL}, on a unix socket only. */
    @RegisterExtension
    static final DBusDaemonExtension external = onlyMechanism("EXTERNAL");

    /** A bus that accepts only {@code DBUS_COOKIE_SHA1}, on a unix socket only. */
    @RegisterExtension
    static final DBusDaemonExtension cookieSha1 = onlyMechanism("DBUS_COOKIE_SHA1");

    private static DBusDaemonExtension onlyMechanism(String mechanism) {
        return DBusDaemonExtension.builder().auth(mechanism).allowAnonymous(false).tcp(false).build();
    }

    /** A connection to the daemon's {@code unix:path=} socket. */
    private static SocketChannel connect(DBusDaemonExtension daemon) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(daemon.unixSocket()));
    }

    /** The {@code guid=} of the daemon's {@code unix:path=} address (each listener has its own). */
    private static String guid(DBusDaemonExtension daemon) {
        return ServerAddress.parse(daemon.unixPathAddress()).guid().orElseThrow();
    }

    /** Runs the exchange over {@code channel} until the client is done (or throws). */
    static void authenticate(SocketChannel channel, SaslClient client) throws IOException {
        var buffer = ByteBuffer.allocate(4096);
        write(channel, client.takeOutput());
        while (!client.isDone()) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                throw new EOFException("The bus closed the connection during authentication: " + client.transcript());
            }
            client.receive(buffer.flip());
            write(channel, client.takeOutput());
        }
    }

    static void write(SocketChannel channel, byte[] bytes) throws IOException {
        var buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * {@code org.freedesktop.DBus.Hello}, serial 1, little-endian, written field by field after the
     * specification's "Message Format": the 12-byte fixed header, the header field array
     * {@code a(yv)} (each struct 8-aligned), padding to 8, and no body.
     */
    static byte[] hello() {
        var b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'l').put((byte) 1).put((byte) 0).put((byte) 1); // endianness, METHOD_CALL, flags, version 1
        b.putInt(0); // body length
        b.putInt(1); // serial
        b.putInt(0); // header field array length, patched below
        int arrayStart = b.position(); // 16, already 8-aligned
        headerField(b, 1, 'o', "/org/freedesktop/DBus"); // PATH
        headerField(b, 6, 's', "org.freedesktop.DBus"); // DESTINATION
        headerField(b, 2, 's', "org.freedesktop.DBus"); // INTERFACE
        headerField(b, 3, 's', "Hello"); // MEMBER
        b.putInt(12, b.position() - arrayStart);
        while (b.position() % 8 != 0) {
            b.put((byte) 0); // the body starts 8-aligned
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void headerField(ByteBuffer b, int code, char type, String value) {
        while (b.position() % 8 != 0) {
            b.put((byte) 0);
        }
        b.put((byte) code).put((byte) 1).put((byte) type).put((byte) 0); // code, variant signature "o"/"s"
        var bytes = value.getBytes(StandardCharsets.US_ASCII);
        b.putInt(bytes.length).put(bytes).put((byte) 0);
    }

    /** The parts of a message the tests look at. */
    record Reply(byte endianness, int type, long replySerial, String signature, String firstString) {}

    /** Reads one little-endian message, starting with {@code pending} (bytes already read). */
    static Reply readMessage(SocketChannel channel, byte[] pending) throws IOException {
        var buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(pending);
        readAtLeast(channel, buffer, 16);
        int fieldsLength = buffer.getInt(12);
        int bodyStart = align(16 + fieldsLength, 8);
        int total = bodyStart + buffer.getInt(4);
        readAtLeast(channel, buffer, total);
        long replySerial = -1;
        String signature = "";
        int at = 16;
        while (at < 16 + fieldsLength) {
            at = align(at, 8);
            int code = buffer.get(at);
            int sigLength = buffer.get(at + 1);
            char type = (char) buffer.get(at + 2);
            at = at + 2 + sigLength + 1;
            switch (type) {
                case 'u' -> {
                    at = align(at, 4);
                    if (code == 5) {
                        replySerial = Integer.toUnsignedLong(buffer.getInt(at));
                    }
                    at += 4;
                }
                case 's', 'o' -> {
                    at = align(at, 4);
                    at += 4 + buffer.getInt(at) + 1;
                }
                case 'g' -> {
                    int length = buffer.get(at) & 0xff;
                    if (code == 8) {
                        signature = new String(buffer.array(), at + 1, length, StandardCharsets.US_ASCII);
                    }
                    at += 1 + length + 1;
                }
                default -> throw new AssertionError("unexpected header field type " + type);
            }
        }
        String firstString = null;
        if (signature.startsWith("s")) {
            int length = buffer.getInt(bodyStart);
            firstString = new String(buffer.array(), bodyStart + 4, length, StandardCharsets.UTF_8);
        }
        return new Reply(buffer.get(0), buffer.get(1), replySerial, signature, firstString);
    }

    private static void readAtLeast(SocketChannel channel, ByteBuffer buffer, int n) throws IOException {
        while (buffer.position() < n) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("The bus closed the connection");
            }
        }
    }

    private static int align(int offset, int to) {
        return (offset + to - 1) / to * to;
    }

    /** Sends Hello and checks the bus answers with a method return carrying a unique name. */
    private static void assertBusAcceptsHello(SocketChannel channel, SaslClient client) throws IOException {
        write(channel, hello());
        var reply = readMessage(channel, client.takeUnusedBytes());
        assertThat((char) reply.endianness()).isEqualTo('l');
        assertThat(reply.type()).as("message type (2 = METHOD_RETURN)").isEqualTo(2);
        assertThat(reply.replySerial()).isEqualTo(1);
        assertThat(reply.signature()).isEqualTo("s");
        assertThat(reply.firstString()).as("unique name").matches(":\\d+\\.\\d+");
    }

    @Test
    void helloIsTheSpecifiedLength() {
        var hello = hello();
        assertThat(hello).hasSize(128);
        assertThat(ByteBuffer.wrap(hello).order(ByteOrder.LITTLE_ENDIAN).getInt(12)).isEqualTo(110);
    }

    @Test
    void externalWithUnixFdNegotiationThenHello() throws Exception {
        try (var channel = connect(external)) {
            var client = SaslClient.builder(List.of(External.currentUser()))
                    .unixFds(UnixFdNegotiation.REQUIRED)
                    .expectedGuid(guid(external))
                    .build();
            authenticate(channel, client);

            assertThat(client.isDone()).isTrue();
            assertThat(client.serverGuid()).matches("[0-9a-f]{32}").isEqualTo(guid(external));
            assertThat(client.unixFdsAgreed()).isTrue();
            assertThat(client.mechanism()).isInstanceOf(External.class);
            assertThat(client.transcript()).containsExactly(
                    "C: AUTH EXTERNAL " + AuthTestSupport.hex(Long.toString(AuthTestSupport.uid())),
                    "S: OK " + guid(external),
                    "C: NEGOTIATE_UNIX_FD",
                    "S: AGREE_UNIX_FD",
                    "C: BEGIN");
            assertBusAcceptsHello(channel, client);
        }
    }

    @Test
    void externalWithoutIdentityThenHello() throws Exception {
        try (var channel = connect(external)) {
            var client = new SaslClient(List.of(External.withoutIdentity()), false);
            authenticate(channel, client);
            assertThat(client.transcript()).containsExactly(
                    "C: AUTH EXTERNAL", "S: DATA", "C: DATA", "S: OK " + guid(external), "C: BEGIN");
            assertBusAcceptsHello(channel, client);
        }
    }

    @Test
    void aGuidOtherThanTheAddressesIsRefused() throws Exception {
        try (var channel = connect(external)) {
            var client = SaslClient.builder(List.of(External.currentUser()))
                    .expectedGuid("00000000000000000000000000000000")
                    .build();
            assertThatThrownBy(() -> authenticate(channel, client))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining(guid(external));
        }
    }

    @Test
    void claimingAnotherUidIsRejected() throws Exception {
        try (var channel = connect(external)) {
            var client = new SaslClient(List.of(new External(AuthTestSupport.uid() + 1)), false);
            assertThatThrownBy(() -> authenticate(channel, client))
                    .isInstanceOf(AuthenticationException.class)
                    .satisfies(e -> assertThat(((AuthenticationException) e).serverMechanisms()).contains("EXTERNAL"));
        }
    }

    @Test
    void cookieSha1WithTheRealKeyringThenHello() throws Exception {
        try (var channel = connect(cookieSha1)) {
            var client = new SaslClient(List.of(CookieSha1.currentUser()), false);
            authenticate(channel, client);
            assertThat(client.mechanism()).isInstanceOf(CookieSha1.class);
            assertThat(client.transcript()).hasSize(5).startsWith(
                    "C: AUTH DBUS_COOKIE_SHA1 " + AuthTestSupport.hex(Long.toString(AuthTestSupport.uid())));
            assertThat(client.transcript().get(1)).startsWith("S: DATA ");
            assertThat(client.transcript().get(3)).isEqualTo("S: OK " + guid(cookieSha1));
            assertBusAcceptsHello(channel, client);
        }
        // dbus-daemon made the keyring; it is as private as the client requires.
        var keyrings = CookieSha1.defaultKeyringDirectory();
        assertThat(Files.getPosixFilePermissions(keyrings))
                .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    }

    @Test
    void cookieSha1ClaimingTheLoginNameThenHello() throws Exception {
        try (var channel = connect(cookieSha1)) {
            var client = new SaslClient(
                    List.of(CookieSha1.currentUser().withIdentity(AuthTestSupport.userName())), false);
            authenticate(channel, client);
            assertThat(client.transcript().getFirst())
                    .isEqualTo("C: AUTH DBUS_COOKIE_SHA1 " + AuthTestSupport.hex(AuthTestSupport.userName()));
            assertBusAcceptsHello(channel, client);
        }
    }

    @Test
    void fallsBackFromExternalToCookieSha1() throws Exception {
        try (var channel = connect(cookieSha1)) {
            var client = new SaslClient(List.of(External.currentUser(), CookieSha1.currentUser()), true);
            authenticate(channel, client);
            assertThat(client.serverMechanisms()).containsExactly("DBUS_COOKIE_SHA1");
            assertThat(client.mechanism()).isInstanceOf(CookieSha1.class);
            assertThat(client.transcript().get(1)).isEqualTo("S: REJECTED DBUS_COOKIE_SHA1");
            assertThat(client.unixFdsAgreed()).isTrue();
            assertBusAcceptsHello(channel, client);
        }
    }

    @Test
    void noCommonMechanismFailsNamingTheServers() throws Exception {
        try (var channel = connect(cookieSha1)) {
            var client = new SaslClient(List.of(External.currentUser(), new Anonymous()), false);
            assertThatThrownBy(() -> authenticate(channel, client))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("it accepts DBUS_COOKIE_SHA1")
                    .satisfies(e -> assertThat(((AuthenticationException) e).serverMechanisms())
                            .containsExactly("DBUS_COOKIE_SHA1"));
        }
    }
}
