package io.jitney.auth;

import static io.jitney.auth.AuthTestSupport.GUID;
import static io.jitney.auth.AuthTestSupport.ascii;
import static io.jitney.auth.AuthTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.auth.SaslClient.UnixFdNegotiation;
import io.jitney.auth.SaslServer.State;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaslServerTest {
    /**
     * Moves bytes between a client and a server, {@code chunk} bytes at a time, until neither has
     * anything to say. Bytes that follow the client's BEGIN are collected and returned.
     */
    static byte[] pump(SaslClient client, SaslServer server, int chunk) {
        var afterBegin = new ByteArrayOutputStream();
        for (int round = 0; round < 100; round++) {
            var toServer = client.takeOutput();
            var toClient = new byte[0];
            for (int i = 0; i < toServer.length; i += chunk) {
                int n = Math.min(chunk, toServer.length - i);
                if (server.isDone()) {
                    afterBegin.write(toServer, i, n);
                    continue;
                }
                server.receive(toServer, i, n);
            }
            toClient = server.takeOutput();
            if (toServer.length == 0 && toClient.length == 0) {
                afterBegin.writeBytes(server.isDone() ? server.takeUnusedBytes() : new byte[0]);
                return afterBegin.toByteArray();
            }
            for (int i = 0; i < toClient.length && !client.isDone(); i += chunk) {
                client.receive(toClient, i, Math.min(chunk, toClient.length - i));
            }
        }
        throw new AssertionError("The exchange did not settle in 100 rounds");
    }

    private static SaslServer.Builder server() {
        return SaslServer.builder(GUID).peerUid(1000);
    }

    private static void send(SaslServer server, String text) {
        server.receive(ascii(text));
    }

    private static String take(SaslServer server) {
        return ascii(server.takeOutput());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 16, 4096})
    void saslClientAndSaslServerAgreeInAnyChunking(int chunk) {
        var server = server().unixFdPassing(true).build();
        var client = SaslClient.builder(List.of(new External(1000))).unixFds(UnixFdNegotiation.REQUIRED).build();
        pump(client, server, chunk);
        assertThat(client.isDone()).isTrue();
        assertThat(server.isDone()).isTrue();
        assertThat(client.serverGuid()).isEqualTo(server.guid());
        assertThat(client.unixFdsAgreed()).isTrue();
        assertThat(server.unixFdsAgreed()).isTrue();
        assertThat(server.authenticatedUid()).hasValue(1000);
        assertThat(server.authenticatedMechanism()).hasValue("EXTERNAL");
        assertThat(server.transcript()).containsExactly(
                "C: AUTH EXTERNAL " + hex("1000"), "S: OK " + GUID,
                "C: NEGOTIATE_UNIX_FD", "S: AGREE_UNIX_FD",
                "C: BEGIN");
    }

    @Test
    void clientFallsBackToWhatTheServerOffers() {
        var server = server().allowAnonymous(true).build();
        var client = new SaslClient(List.of(new External(4312), External.withoutIdentity(), new Anonymous()), false);
        pump(client, server, 3);
        assertThat(client.isDone()).isTrue();
        assertThat(client.mechanism()).isEqualTo(External.withoutIdentity());
        assertThat(server.authenticatedUid()).hasValue(1000);
        assertThat(server.rejections()).isEqualTo(1);
        assertThat(server.transcript()).containsExactly(
                "C: AUTH EXTERNAL " + hex("4312"), "S: REJECTED EXTERNAL ANONYMOUS",
                "C: AUTH EXTERNAL", "S: DATA",
                "C: DATA", "S: OK " + GUID,
                "C: BEGIN");
    }

    @Test
    void unixFdsRefusedByTheServer() {
        var server = server().build();
        var client = new SaslClient(List.of(new External(1000)), true);
        pump(client, server, 100);
        assertThat(client.isDone()).isTrue();
        assertThat(client.unixFdsAgreed()).isFalse();
        assertThat(server.unixFdsAgreed()).isFalse();
        assertThat(server.transcript()).contains("C: NEGOTIATE_UNIX_FD")
                .anySatisfy(line -> assertThat(line).startsWith("S: ERROR"));
    }

    @Test
    void externalSuccess() {
        var server = server().build();
        assertThat(server.state()).isEqualTo(State.WAITING_FOR_NUL);
        send(server, "\0");
        assertThat(server.state()).isEqualTo(State.WAITING_FOR_AUTH);
        send(server, "AUTH EXTERNAL " + hex("1000") + "\r\n");
        assertThat(take(server)).isEqualTo("OK " + GUID + "\r\n");
        assertThat(server.state()).isEqualTo(State.WAITING_FOR_BEGIN);
        assertThat(server.authenticatedUid()).hasValue(1000);
        assertThat(server.isDone()).isFalse();
        send(server, "BEGIN\r\n");
        assertThat(server.takeOutput()).isEmpty();
        assertThat(server.isDone()).isTrue();
        assertThat(server.state()).isEqualTo(State.AUTHENTICATED);
    }

    @Test
    void bytesAfterBeginAreTheMessageStream() {
        var server = server().build();
        send(server, "\0AUTH EXTERNAL " + hex("1000") + "\r\nBEGIN\r\nl\1\0\1");
        assertThat(server.isDone()).isTrue();
        assertThat(server.takeUnusedBytes()).containsExactly('l', 1, 0, 1);
        assertThat(server.takeUnusedBytes()).isEmpty();
        assertThatThrownBy(() -> send(server, "more")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() {
        // sd-bus sends "AUTH EXTERNAL\r\nDATA\r\n" and "NEGOTIATE_UNIX_FD\r\nBEGIN\r\n" without waiting.
        var server = server().unixFdPassing(true).build();
        send(server, "\0AUTH EXTERNAL\r\nDATA\r\nNEGOTIATE_UNIX_FD\r\nBEGIN\r\n");
        assertThat(take(server)).isEqualTo("DATA\r\nOK " + GUID + "\r\nAGREE_UNIX_FD\r\n");
        assertThat(server.isDone()).isTrue();
        assertThat(server.authenticatedUid()).hasValue(1000);
    }

    @Test
    void firstByteMustBeNul() {
        var server = server().build();
        assertThatThrownBy(() -> send(server, "AUTH EXTERNAL 31303030\r\n"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("NUL");
        assertThat(server.state()).isEqualTo(State.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4312", "root", "-1", "01000x", "99999999999"})
    void externalClaimingAnotherIdentityIsRejected(String claim) {
        var server = server().build();
        send(server, "\0AUTH EXTERNAL " + hex(claim) + "\r\n");
        assertThat(take(server)).isEqualTo("REJECTED EXTERNAL\r\n");
        assertThat(server.state()).isEqualTo(State.WAITING_FOR_AUTH);
        assertThat(server.authenticatedUid()).isEmpty();
    }

    @Test
    void externalWithoutPeerCredentialsIsRejected() {
        var server = SaslServer.builder(GUID).build();
        send(server, "\0AUTH EXTERNAL\r\n");
        assertThat(take(server)).isEqualTo("DATA\r\n");
        send(server, "DATA\r\n");
        assertThat(take(server)).isEqualTo("REJECTED EXTERNAL\r\n");
    }

    @Test
    void anonymousOnlyWhenAllowed() {
        var refusing = server().build();
        send(refusing, "\0AUTH ANONYMOUS " + hex("trace") + "\r\n");
        assertThat(take(refusing)).isEqualTo("REJECTED EXTERNAL\r\n");

        var allowing = server().allowAnonymous(true).build();
        send(allowing, "\0AUTH ANONYMOUS " + hex("trace") + "\r\n");
        assertThat(take(allowing)).isEqualTo("OK " + GUID + "\r\n");
        assertThat(allowing.authenticatedUid()).isEmpty();
        assertThat(allowing.authenticatedMechanism()).hasValue("ANONYMOUS");
    }

    @Test
    void anonymousTraceMustBeUtf8OfAtMost255Characters() {
        var server = server().allowAnonymous(true).build();
        send(server, "\0AUTH ANONYMOUS c3\r\n"); // a lone UTF-8 lead byte
        assertThat(take(server)).startsWith("REJECTED");
        send(server, "AUTH ANONYMOUS " + hex("x".repeat(256)) + "\r\n");
        assertThat(take(server)).startsWith("REJECTED");
    }

    @Test
    void authAloneListsTheMechanisms() {
        var server = server().allowAnonymous(true).cookieSha1(1000, "me", () -> {
            throw new AssertionError("not asked for a cookie");
        }).build();
        send(server, "\0AUTH\r\n");
        assertThat(take(server)).isEqualTo("REJECTED EXTERNAL DBUS_COOKIE_SHA1 ANONYMOUS\r\n");
        assertThat(server.mechanisms()).containsExactly("EXTERNAL", "DBUS_COOKIE_SHA1", "ANONYMOUS");
    }

    @Test
    void unknownMechanismIsRejected() {
        var server = server().build();
        send(server, "\0AUTH KERBEROS_V4 1234\r\n");
        assertThat(take(server)).isEqualTo("REJECTED EXTERNAL\r\n");
    }

    @Test
    void invalidHexIsAnsweredWithError() {
        var server = server().build();
        send(server, "\0AUTH EXTERNAL willy\r\n");
        assertThat(take(server)).startsWith("ERROR");
        assertThat(server.state()).isEqualTo(State.WAITING_FOR_AUTH);
        send(server, "AUTH EXTERNAL\r\n");
        take(server);
        send(server, "DATA zz\r\n");
        assertThat(take(server)).startsWith("ERROR");
        assertThat(server.state()).isEqualTo(State.WAITING_FOR_DATA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONEXISTENT_COMMAND foo", "CANCEL", "NEGOTIATE_UNIX_FD", "DATA 00", "OK"})
    void unexpectedCommandsBeforeAuthAreAnsweredWithError(String line) {
        var server = server().build();
        send(server, "\0" + line + "\r\n");
        assertThat(take(server)).startsWith("ERROR");
        assertThat(server.state()).isEqualTo(State.WAITING_FOR_AUTH);
    }

    @Test
    void errorFromTheClientIsAnsweredWithRejected() {
        var server = server().build();
        send(server, "\0ERROR\r\n");
        assertThat(take(server)).isEqualTo("REJECTED EXTERNAL\r\n");
        send(server, "AUTH EXTERNAL\r\n");
        take(server);
        send(server, "ERROR oops\r\n");
        assertThat(take(server)).isEqualTo("REJECTED EXTERNAL\r\n");
        assertThat(server.state()).isEqualTo(State.WAITING_FOR_AUTH);
    }

    @Test
    void cancelAfterOkForgetsTheIdentity() {
        var server = server().build();
        send(server, "\0AUTH EXTERNAL " + hex("1000") + "\r\n");
        take(server);
        send(server, "CANCEL\r\n");
        assertThat(take(server)).isEqualTo("REJECTED EXTERNAL\r\n");
        assertThat(server.authenticatedUid()).isEmpty();
        assertThat(server.authenticatedMechanism()).isEmpty();
        assertThat(server.state()).isEqualTo(State.WAITING_FOR_AUTH);
    }

    @Test
    void beginBeforeAuthenticationFails() {
        var server = server().build();
        assertThatThrownBy(() -> send(server, "\0BEGIN\r\n"))
                .isInstanceOf(AuthenticationException.class)
                .extracting(e -> ((AuthenticationException) e).receivedLine())
                .isEqualTo("BEGIN");
        assertThat(server.state()).isEqualTo(State.FAILED);
    }

    @Test
    void theSixthRejectionEndsTheExchangeAfterSendingRejected() {
        var server = SaslServer.builder(GUID).build();
        send(server, "\0");
        for (int i = 1; i < AuthLimits.MAX_REJECTIONS; i++) {
            send(server, "AUTH EXTERNAL 30\r\n");
            assertThat(take(server)).isEqualTo("REJECTED EXTERNAL\r\n");
        }
        assertThatThrownBy(() -> send(server, "AUTH EXTERNAL 30\r\n"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("rejected 6 times");
        assertThat(take(server)).isEqualTo("REJECTED EXTERNAL\r\n");
        assertThat(server.state()).isEqualTo(State.FAILED);
    }

    @Test
    void overlongLineFails() {
        var server = server().build();
        send(server, "\0");
        assertThatThrownBy(() -> server.receive(new byte[AuthLimits.MAX_LINE_LENGTH + 1]))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("NUL"); // zeros: the NUL check comes first
        var other = server().build();
        send(other, "\0");
        assertThatThrownBy(() -> send(other, "A".repeat(AuthLimits.MAX_LINE_LENGTH)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("MAX_LINE_LENGTH");
    }

    @Test
    void cookieSourceFailureEndsTheExchange() {
        var server = server().cookieSha1(1000, "me", () -> {
            throw new IllegalStateException("keyring locked");
        }).build();
        assertThatThrownBy(() -> send(server, "\0AUTH DBUS_COOKIE_SHA1 " + hex("1000") + "\r\n"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("keyring locked")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(server.state()).isEqualTo(State.FAILED);
    }

    @Test
    void cookieForAnotherUserIsRejected() {
        var server = server().cookieSha1(1000, "me", () -> new SaslServer.Cookie("ctx", 1, "abcd")).build();
        send(server, "\0AUTH DBUS_COOKIE_SHA1 " + hex("1001") + "\r\n");
        assertThat(take(server)).startsWith("REJECTED");
        send(server, "AUTH DBUS_COOKIE_SHA1 " + hex("me") + "\r\n");
        var data = take(server);
        assertThat(data).startsWith("DATA ").endsWith("\r\n");
        var challenge = ascii(java.util.HexFormat.of().parseHex(data.substring(5, data.length() - 2)));
        assertThat(challenge).matches("ctx 1 [0-9a-f]{32}");
        assertThat(server.state()).isEqualTo(State.WAITING_FOR_DATA);
        assertThat(server.authenticatedUid()).isEmpty();
    }

    @Test
    void misuse() {
        assertThatThrownBy(() -> SaslServer.builder("1234")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SaslServer.builder(GUID).allowExternal(false).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SaslServer.Cookie("a/b", 1, "ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SaslServer.Cookie("a", -1, "ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SaslServer.Cookie("a", 1, "xy")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SaslServer.Cookie("a", 1, "abcd").toString()).doesNotContain("abcd");
    }
}
