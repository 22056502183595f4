package io.jitney.auth;

import static io.jitney.auth.AuthTestSupport.GUID;
import static io.jitney.auth.AuthTestSupport.ascii;
import static io.jitney.auth.AuthTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.DBusException;
import io.jitney.auth.SaslClient.State;
import io.jitney.auth.SaslClient.UnixFdNegotiation;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaslClientTest {
    private static final CookieSha1 COOKIE =
            new CookieSha1("1000", Path.of("/nonexistent-keyring"), InstantSource.system(), new SecureRandom());

    private static SaslClient external(long uid) {
        return new SaslClient(List.of(new External(uid)), false);
    }

    private static String take(SaslClient client) {
        return ascii(client.takeOutput());
    }

    private static void receive(SaslClient client, String text) {
        client.receive(ascii(text));
    }

    @Test
    void firstOutputIsTheNulByteThenAuthWithTheUidInHex() {
        var client = external(1000);
        assertThat(client.hasOutput()).isTrue();
        // The specification's example: uid 1000 is "AUTH EXTERNAL 31303030".
        assertThat(take(client)).isEqualTo("\0AUTH EXTERNAL 31303030\r\n");
        assertThat(client.hasOutput()).isFalse();
        assertThat(client.takeOutput()).isEmpty();
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_OK);
        assertThat(client.isDone()).isFalse();
        assertThat(client.mechanism()).isEqualTo(new External(1000));
    }

    @Test
    void okIsAnsweredWithBegin() {
        var client = external(0);
        take(client);
        receive(client, "OK " + GUID + "\r\n");
        assertThat(take(client)).isEqualTo("BEGIN\r\n");
        assertThat(client.isDone()).isTrue();
        assertThat(client.state()).isEqualTo(State.AUTHENTICATED);
        assertThat(client.serverGuid()).isEqualTo(GUID);
        assertThat(client.unixFdsAgreed()).isFalse();
        assertThat(client.takeUnusedBytes()).isEmpty();
        assertThat(client.transcript())
                .containsExactly("C: AUTH EXTERNAL 30", "S: OK " + GUID, "C: BEGIN");
    }

    @Test
    void serverGuidBeforeOkIsMisuse() {
        var client = external(0);
        assertThatThrownBy(client::serverGuid).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unixFdsAgreed() {
        var client = new SaslClient(List.of(new External(0)), true);
        take(client);
        receive(client, "OK " + GUID + "\r\n");
        assertThat(take(client)).isEqualTo("NEGOTIATE_UNIX_FD\r\n");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_AGREE_UNIX_FD);
        assertThat(client.isDone()).isFalse();
        receive(client, "AGREE_UNIX_FD\r\n");
        assertThat(take(client)).isEqualTo("BEGIN\r\n");
        assertThat(client.isDone()).isTrue();
        assertThat(client.unixFdsAgreed()).isTrue();
    }

    @Test
    void unixFdsRefusedWhenOptionalStillBegins() {
        var client = SaslClient.builder(List.of(new External(0))).unixFds(UnixFdNegotiation.OPTIONAL).build();
        take(client);
        receive(client, "OK " + GUID + "\r\nERROR Not supported on this OS\r\n");
        assertThat(take(client)).isEqualTo("NEGOTIATE_UNIX_FD\r\nBEGIN\r\n");
        assertThat(client.isDone()).isTrue();
        assertThat(client.unixFdsAgreed()).isFalse();
    }

    @Test
    void unixFdsRefusedWhenRequiredFails() {
        var client = SaslClient.builder(List.of(new External(0))).unixFds(UnixFdNegotiation.REQUIRED).build();
        take(client);
        receive(client, "OK " + GUID + "\r\n");
        take(client);
        assertThatThrownBy(() -> receive(client, "ERROR Not supported on this OS\r\n"))
                .isInstanceOf(FdNegotiationException.class)
                .isInstanceOf(AuthenticationException.class)
                .isInstanceOf(DBusException.class)
                .hasMessageContaining("Not supported on this OS")
                .extracting(e -> ((AuthenticationException) e).receivedLine())
                .isEqualTo("ERROR Not supported on this OS");
        assertThat(client.state()).isEqualTo(State.FAILED);
        assertThat(client.takeOutput()).as("no BEGIN after a fatal refusal").isEmpty();
        assertThat(client.unixFdsAgreed()).isFalse();
    }

    @Test
    void anythingButAgreeOrErrorAfterNegotiateIsFatal() {
        var client = new SaslClient(List.of(new External(0)), true);
        take(client);
        receive(client, "OK " + GUID + "\r\n");
        assertThatThrownBy(() -> receive(client, "DATA 00\r\n"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("NEGOTIATE_UNIX_FD");
        assertThat(client.state()).isEqualTo(State.FAILED);
    }

    @Test
    void externalWithoutIdentityAnswersTheEmptyChallengeWithEmptyData() {
        var client = new SaslClient(List.of(External.withoutIdentity()), false);
        assertThat(take(client)).isEqualTo("\0AUTH EXTERNAL\r\n");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_DATA);
        receive(client, "DATA\r\n");
        assertThat(take(client)).isEqualTo("DATA\r\n");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_OK);
        receive(client, "OK " + GUID + "\r\n");
        assertThat(take(client)).isEqualTo("BEGIN\r\n");
        assertThat(client.isDone()).isTrue();
    }

    @Test
    void externalWithoutIdentityAcceptsOkWithoutAChallenge() {
        var client = new SaslClient(List.of(External.withoutIdentity()), false);
        take(client);
        receive(client, "OK " + GUID + "\r\n");
        assertThat(client.isDone()).isTrue();
    }

    @Test
    void externalCurrentUserClaimsThisProcessUid() {
        assertThat(External.currentUser().authorizationIdentity()).isEqualTo(Long.toString(AuthTestSupport.uid()));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0x1_0000_0000L, 0xFFFF_FFFFL})
    void externalRefusesImpossibleUids(long uid) {
        assertThatThrownBy(() -> new External(uid)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anonymousSendsItsTraceHexEncoded() {
        var client = new SaslClient(List.of(new Anonymous("jitney@example.org")), false);
        assertThat(take(client)).isEqualTo("\0AUTH ANONYMOUS " + hex("jitney@example.org") + "\r\n");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_OK);
        receive(client, "OK " + GUID + "\r\n");
        assertThat(client.isDone()).isTrue();
    }

    @Test
    void anonymousWithoutTraceSendsBareAuthAndAnswersAChallengeWithEmptyData() {
        var client = new SaslClient(List.of(new Anonymous()), false);
        assertThat(take(client)).isEqualTo("\0AUTH ANONYMOUS\r\n");
        receive(client, "DATA\r\n");
        assertThat(take(client)).isEqualTo("DATA\r\n");
        receive(client, "OK " + GUID + "\r\n");
        assertThat(client.isDone()).isTrue();
    }

    @Test
    void anonymousTraceIsAtMost255Characters() {
        assertThat(new Anonymous("x".repeat(255)).trace()).hasSize(255);
        assertThatThrownBy(() -> new Anonymous("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cookieSha1StartsWithTheHexIdentity() {
        var client = new SaslClient(List.of(COOKIE), false);
        assertThat(take(client)).isEqualTo("\0AUTH DBUS_COOKIE_SHA1 " + hex("1000") + "\r\n");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_DATA);
    }

    @Test
    void noMechanismsIsMisuse() {
        assertThatThrownBy(() -> new SaslClient(List.of(), false)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- chunking ----

    private static final String SERVER_SIDE = "REJECTED DBUS_COOKIE_SHA1 ANONYMOUS\r\n" // to AUTH EXTERNAL
            + "DATA 00\r\n"                       // to AUTH DBUS_COOKIE_SHA1: garbage challenge -> ERROR
            + "REJECTED DBUS_COOKIE_SHA1 ANONYMOUS\r\n" // to our ERROR
            + "OK " + GUID + "\r\n"               // to AUTH ANONYMOUS
            + "AGREE_UNIX_FD\r\n"
            + "lMESSAGE";                          // first bytes of the message stream

    private static SaslClient fallbackClient() {
        return SaslClient.builder(List.of(new External(0), COOKIE, new Anonymous("t")))
                .unixFds(UnixFdNegotiation.REQUIRED)
                .build();
    }

    private static List<String> runInChunks(int chunk) {
        var client = fallbackClient();
        var bytes = ascii(SERVER_SIDE);
        var out = new StringBuilder(take(client));
        int fed = 0;
        while (fed < bytes.length && !client.isDone()) {
            int n = Math.min(chunk, bytes.length - fed);
            client.receive(bytes, fed, n);
            fed += n;
            out.append(take(client));
        }
        assertThat(client.isDone()).isTrue();
        assertThat(client.mechanism()).isInstanceOf(Anonymous.class);
        assertThat(client.unixFdsAgreed()).isTrue();
        var result = new ArrayList<>(client.transcript());
        result.add("wire: " + out);
        // What a transport hands the message parser: the unused bytes, then whatever it reads next.
        result.add("stream: " + ascii(client.takeUnusedBytes()) + ascii(Arrays.copyOfRange(bytes, fed, bytes.length)));
        return result;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16, 1000})
    void anyChunkingGivesTheSameConversation(int chunk) {
        var whole = runInChunks(Integer.MAX_VALUE);
        assertThat(whole).contains(
                "C: AUTH EXTERNAL 30",
                "C: AUTH DBUS_COOKIE_SHA1 " + hex("1000"),
                "C: AUTH ANONYMOUS " + hex("t"),
                "C: NEGOTIATE_UNIX_FD",
                "C: BEGIN",
                "stream: lMESSAGE");
        assertThat(runInChunks(chunk)).isEqualTo(whole);
    }

    @Test
    void oneByteAtATimeRepliesOnlyWhenALineIsComplete() {
        var client = external(0);
        take(client);
        var line = ascii("OK " + GUID + "\r\n");
        for (int i = 0; i < line.length - 1; i++) {
            client.receive(new byte[] {line[i]});
            assertThat(client.hasOutput()).as("after byte %d", i).isFalse();
            assertThat(client.state()).isEqualTo(State.WAITING_FOR_OK);
        }
        client.receive(new byte[] {line[line.length - 1]});
        assertThat(take(client)).isEqualTo("BEGIN\r\n");
    }

    @Test
    void crAndLfMaySplitAcrossChunks() {
        var client = external(0);
        take(client);
        receive(client, "OK " + GUID + "\r");
        assertThat(client.hasOutput()).isFalse();
        receive(client, "\n");
        assertThat(client.isDone()).isTrue();
    }

    @Test
    void byteBufferInputIsConsumed() {
        var client = external(0);
        take(client);
        var buffer = ByteBuffer.wrap(ascii("xxOK " + GUID + "\r\nyy"));
        buffer.position(2);
        client.receive(buffer);
        assertThat(buffer.hasRemaining()).isFalse();
        assertThat(client.isDone()).isTrue();
        assertThat(ascii(client.takeUnusedBytes())).isEqualTo("yy");
    }

    @Test
    void bytesAfterTheFinalLineAreKeptForTheMessageParserOnce() {
        var client = external(0);
        take(client);
        receive(client, "OK " + GUID + "\r\nl\1\0\1");
        assertThat(client.takeUnusedBytes()).containsExactly('l', 1, 0, 1);
        assertThat(client.takeUnusedBytes()).isEmpty();
    }

    @Test
    void receivingAfterTheEndIsMisuse() {
        var client = external(0);
        take(client);
        receive(client, "OK " + GUID + "\r\n");
        assertThatThrownBy(() -> receive(client, "x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void offsetAndLengthAreChecked() {
        var client = external(0);
        assertThatThrownBy(() -> client.receive(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ---- limits and garbage ----

    @Test
    void aLineOfExactlyTheCapIsAccepted() {
        var client = external(0);
        take(client);
        var line = "X".repeat(AuthLimits.MAX_LINE_LENGTH - 2) + "\r\n";
        receive(client, line);
        assertThat(take(client)).startsWith("ERROR");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_OK);
    }

    @Test
    void aLineLongerThanTheCapFails() {
        var client = external(0);
        take(client);
        var chunk = ascii("X".repeat(1000));
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 100; i++) {
                        client.receive(chunk);
                    }
                })
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(Integer.toString(AuthLimits.MAX_LINE_LENGTH));
        assertThat(client.state()).isEqualTo(State.FAILED);
        assertThatThrownBy(() -> client.receive(chunk)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNulByteFromTheServerFails() {
        var client = external(0);
        take(client);
        assertThatThrownBy(() -> receive(client, "OK\0\r\n"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("NUL");
        assertThat(client.state()).isEqualTo(State.FAILED);
    }

    @Test
    void aNonAsciiByteFromTheServerFails() {
        var client = external(0);
        take(client);
        assertThatThrownBy(() -> client.receive(new byte[] {'O', 'K', (byte) 0xc3, (byte) 0xa9}))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("0xc3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONEXISTENT_COMMAND foo bar", "ok " + GUID, "", " OK " + GUID, "EXTENSION_FOO",
            "AGREE_UNIX_FD", "BEGIN", "\tOK"})
    void unknownOrUnexpectedCommandsAreAnsweredWithError(String line) {
        var client = external(0);
        take(client);
        receive(client, line + "\r\n");
        assertThat(take(client)).startsWith("ERROR").endsWith("\r\n");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_OK);
        receive(client, "OK " + GUID + "\r\n");
        assertThat(client.isDone()).isTrue();
    }

    @Test
    void tooManyLinesFail() {
        var client = external(0);
        take(client);
        assertThatThrownBy(() -> {
                    for (int i = 0; i <= AuthLimits.MAX_LINES; i++) {
                        receive(client, "NONSENSE\r\n");
                    }
                })
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("MAX_LINES");
    }

    // ---- GUIDs ----

    @ParameterizedTest
    @ValueSource(strings = {"OK", "OK 1234deadbeef", "OK 0123456789abcdef0123456789abcdeg",
            "OK 0123456789abcdef0123456789abcdef0", "OK 0123456789abcdef 0123456789abcdef"})
    void invalidGuidsFail(String line) {
        var client = external(0);
        take(client);
        assertThatThrownBy(() -> receive(client, line + "\r\n"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("GUID")
                .extracting(e -> ((AuthenticationException) e).receivedLine())
                .isEqualTo(line);
        assertThat(client.state()).isEqualTo(State.FAILED);
        assertThat(client.takeOutput()).isEmpty();
    }

    @Test
    void upperCaseHexGuidIsAccepted() {
        var client = external(0);
        take(client);
        receive(client, "OK " + GUID.toUpperCase(java.util.Locale.ROOT) + "\r\n");
        assertThat(client.serverGuid()).isEqualTo(GUID.toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void lenientGuidAcceptsWhatLibdbusAccepts() {
        var client = SaslClient.builder(List.of(new External(0))).strictGuid(false).build();
        take(client);
        receive(client, "OK 1234deadbeef\r\n");
        assertThat(client.serverGuid()).isEqualTo("1234deadbeef");
        var empty = SaslClient.builder(List.of(new External(0))).strictGuid(false).build();
        assertThatThrownBy(() -> receive(empty, "OK\r\n")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void expectedGuidMustMatch() {
        var other = "fedcba9876543210fedcba9876543210";
        var client = SaslClient.builder(List.of(new External(0))).expectedGuid(other).build();
        take(client);
        assertThatThrownBy(() -> receive(client, "OK " + GUID + "\r\n"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(other)
                .hasMessageContaining(GUID);

        var matching = SaslClient.builder(List.of(new External(0)))
                .expectedGuid(GUID.toUpperCase(java.util.Locale.ROOT))
                .build();
        receive(matching, "OK " + GUID + "\r\n");
        assertThat(matching.isDone()).isTrue();
    }

    @Test
    void expectedGuidIsValidated() {
        var builder = SaslClient.builder(List.of(new External(0)));
        assertThatThrownBy(() -> builder.expectedGuid("1234")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- fallback ----

    @Test
    void fallbackFollowsTheConfiguredOrderAmongWhatTheServerLists() {
        var client = new SaslClient(List.of(COOKIE, new Anonymous(), new External(0)), false);
        assertThat(take(client)).startsWith("\0AUTH DBUS_COOKIE_SHA1 ");
        // The server lists EXTERNAL first, but we prefer ANONYMOUS (configured earlier).
        receive(client, "REJECTED EXTERNAL ANONYMOUS\r\n");
        assertThat(take(client)).isEqualTo("AUTH ANONYMOUS\r\n");
        assertThat(client.serverMechanisms()).containsExactly("EXTERNAL", "ANONYMOUS");
        receive(client, "REJECTED\r\n"); // later lists may be ignored; the first one is kept
        assertThat(take(client)).isEqualTo("AUTH EXTERNAL 30\r\n");
        assertThat(client.mechanism()).isEqualTo(new External(0));
        receive(client, "OK " + GUID + "\r\n");
        assertThat(client.isDone()).isTrue();
        assertThat(client.mechanism()).isEqualTo(new External(0));
    }

    @Test
    void mechanismsTheServerDoesNotListAreSkipped() {
        var client = new SaslClient(List.of(new External(0), COOKIE, new Anonymous()), false);
        take(client);
        receive(client, "REJECTED ANONYMOUS\r\n");
        assertThat(take(client)).isEqualTo("AUTH ANONYMOUS\r\n");
    }

    @Test
    void rejectedWithoutAListTriesTheNextMechanism() {
        var client = new SaslClient(List.of(new External(0), External.withoutIdentity()), false);
        take(client);
        receive(client, "REJECTED\r\n");
        assertThat(take(client)).isEqualTo("AUTH EXTERNAL\r\n");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_DATA);
    }

    @Test
    void noMechanismLeftExceptionCarriesTheServerList() {
        var client = new SaslClient(List.of(new External(0)), false);
        take(client);
        assertThatThrownBy(() -> receive(client, "REJECTED DBUS_COOKIE_SHA1 KERBEROS_V4\r\n"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("it accepts DBUS_COOKIE_SHA1, KERBEROS_V4")
                .hasMessageContaining("EXTERNAL")
                .satisfies(t -> {
                    var e = (AuthenticationException) t;
                    assertThat(e.serverMechanisms()).containsExactly("DBUS_COOKIE_SHA1", "KERBEROS_V4");
                    assertThat(e.receivedLine()).isEqualTo("REJECTED DBUS_COOKIE_SHA1 KERBEROS_V4");
                });
        assertThat(client.state()).isEqualTo(State.FAILED);
        assertThat(client.takeOutput()).as("nothing is sent; the caller disconnects").isEmpty();
    }

    // ---- ERROR, CANCEL and DATA ----

    @Test
    void serverErrorWhileWaitingForDataIsAnsweredWithCancel() {
        var client = new SaslClient(List.of(COOKIE, new External(0)), false);
        take(client);
        receive(client, "ERROR \"something went wrong\"\r\n");
        assertThat(take(client)).isEqualTo("CANCEL\r\n");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_REJECT);
        receive(client, "REJECTED EXTERNAL\r\n");
        assertThat(take(client)).isEqualTo("AUTH EXTERNAL 30\r\n");
    }

    @Test
    void serverErrorOrDataWhileWaitingForOkIsAnsweredWithCancel() {
        for (var line : List.of("ERROR", "DATA 1234")) {
            var client = new SaslClient(List.of(new External(0), new Anonymous()), false);
            take(client);
            receive(client, line + "\r\n");
            assertThat(take(client)).as(line).isEqualTo("CANCEL\r\n");
            assertThat(client.state()).isEqualTo(State.WAITING_FOR_REJECT);
        }
    }

    @Test
    void anythingButRejectedAfterCancelIsFatal() {
        var client = new SaslClient(List.of(new External(0), new Anonymous()), false);
        take(client);
        receive(client, "ERROR\r\n");
        take(client);
        assertThatThrownBy(() -> receive(client, "OK " + GUID + "\r\n"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("CANCEL");
        assertThat(client.state()).isEqualTo(State.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DATA 0", "DATA xyz1", "DATA 12 34", "DATA 0x12"})
    void invalidHexInDataIsAnsweredWithError(String line) {
        var client = new SaslClient(List.of(External.withoutIdentity()), false);
        take(client);
        receive(client, line + "\r\n");
        assertThat(take(client)).startsWith("ERROR ").contains("hex");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_DATA);
        receive(client, "DATA\r\n");
        assertThat(take(client)).isEqualTo("DATA\r\n");
    }
}
