package io.jitney.auth;

import static io.jitney.auth.AuthTestSupport.GUID;
import static io.jitney.auth.AuthTestSupport.ascii;
import static io.jitney.auth.AuthTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.auth.SaslClient.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookieSha1Test {
    private static final long NOW = 1_700_000_000L;
    private static final String CONTEXT = "org_freedesktop_test";
    private static final String COOKIE_1 = "0badc0de0badc0de0badc0de0badc0de";
    private static final String COOKIE_7 = "6b6579736f6e7468656b657972696e67";

    /** Always the same "random" numbers, so that the client challenge is known in advance. */
    private static RandomGenerator fixedRandom() {
        return () -> 0x0123456789abcdefL;
    }

    @TempDir
    Path home;

    Path keyrings;

    @BeforeEach
    void keyring() throws IOException {
        keyrings = home.resolve(".dbus-keyrings");
        Files.createDirectory(keyrings, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        writeKeyring(CONTEXT, "rw-------", "1 " + (NOW - 100) + " " + COOKIE_1 + "\n"
                + "this line is garbage and is skipped\n"
                + "7 " + NOW + " " + COOKIE_7 + "\n");
    }

    private void writeKeyring(String context, String permissions, String content) throws IOException {
        var file = keyrings.resolve(context);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        Files.writeString(file, content);
    }

    private CookieSha1 mechanism() {
        return new CookieSha1("1000", keyrings, InstantSource.fixed(Instant.ofEpochSecond(NOW)), fixedRandom());
    }

    /** SHA-1 in lower-case hex, computed independently of the code under test. */
    private static String sha1(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String expectedClientChallenge() {
        var bytes = new byte[AuthLimits.CHALLENGE_BYTES];
        fixedRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String take(SaslClient client) {
        return ascii(client.takeOutput());
    }

    @Test
    void fullExchangeAgainstAFixedKeyringAndRandom() throws Exception {
        var client = new SaslClient(List.of(mechanism()), false);
        assertThat(take(client)).isEqualTo("\0AUTH DBUS_COOKIE_SHA1 " + hex("1000") + "\r\n");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_DATA);

        client.receive(ascii("DATA " + hex(CONTEXT + " 7 serverchallenge123") + "\r\n"));

        var clientChallenge = expectedClientChallenge();
        var digest = sha1("serverchallenge123:" + clientChallenge + ":" + COOKIE_7);
        assertThat(take(client)).isEqualTo("DATA " + hex(clientChallenge + " " + digest) + "\r\n");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_OK);

        client.receive(ascii("OK " + GUID + "\r\n"));
        assertThat(take(client)).isEqualTo("BEGIN\r\n");
        assertThat(client.isDone()).isTrue();
        assertThat(client.mechanism()).isInstanceOf(CookieSha1.class);
    }

    @Test
    void hashIsSha1OfTheThreePartsInLowerCaseHex() throws Exception {
        // FIPS 180-2 test vector: SHA-1("abc").
        assertThat(sha1("abc")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(CookieAuth.hash("a", "b", "c")).isEqualTo(sha1("a:b:c"));
    }

    @Test
    void cookieIsFoundById() {
        var now = Instant.ofEpochSecond(NOW);
        assertThat(CookieAuth.readCookie(keyrings, CONTEXT, 1, now)).isEqualTo(COOKIE_1);
        assertThat(CookieAuth.readCookie(keyrings, CONTEXT, 7, now)).isEqualTo(COOKIE_7);
        assertThatThrownBy(() -> CookieAuth.readCookie(keyrings, CONTEXT, 2, now))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("no usable cookie with id 2");
    }

    @Test
    void expiredAndFutureCookiesAreIgnored() {
        // Cookie 1 was made 100 s before NOW; cookie 7 at NOW.
        var tooLate = Instant.ofEpochSecond(NOW - 100 + AuthLimits.COOKIE_MAX_AGE.toSeconds() + 1);
        assertThatThrownBy(() -> CookieAuth.readCookie(keyrings, CONTEXT, 1, tooLate))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("more than " + AuthLimits.COOKIE_MAX_AGE.toSeconds() + " s before");
        var justInTime = Instant.ofEpochSecond(NOW - 100 + AuthLimits.COOKIE_MAX_AGE.toSeconds());
        assertThat(CookieAuth.readCookie(keyrings, CONTEXT, 1, justInTime)).isEqualTo(COOKIE_1);

        var tooEarly = Instant.ofEpochSecond(NOW - AuthLimits.COOKIE_MAX_FUTURE.toSeconds() - 1);
        assertThatThrownBy(() -> CookieAuth.readCookie(keyrings, CONTEXT, 7, tooEarly))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("after the current time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwxr-xr-x", "rwx--x---", "rwx-----x", "rwxrwxrwx", "rwx-w----"})
    void aKeyringDirectoryOthersCanAccessIsRefused(String permissions) throws IOException {
        Files.setPosixFilePermissions(keyrings, PosixFilePermissions.fromString(permissions));
        assertThatThrownBy(() -> CookieAuth.readCookie(keyrings, CONTEXT, 7, Instant.ofEpochSecond(NOW)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("keyring directory")
                .hasMessageContaining("group or others")
                .hasMessageContaining(permissions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-----w-"})
    void aKeyringFileOthersCanReadOrWriteIsRefused(String permissions) throws IOException {
        Files.setPosixFilePermissions(keyrings.resolve(CONTEXT), PosixFilePermissions.fromString(permissions));
        assertThatThrownBy(() -> CookieAuth.readCookie(keyrings, CONTEXT, 7, Instant.ofEpochSecond(NOW)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("keyring file")
                .hasMessageContaining("group or others");
    }

    @Test
    void aPrivateReadOnlyKeyringIsAccepted() throws IOException {
        Files.setPosixFilePermissions(keyrings.resolve(CONTEXT), PosixFilePermissions.fromString("r--------"));
        Files.setPosixFilePermissions(keyrings, PosixFilePermissions.fromString("r-x------"));
        try {
            assertThat(CookieAuth.readCookie(keyrings, CONTEXT, 7, Instant.ofEpochSecond(NOW))).isEqualTo(COOKIE_7);
        } finally {
            Files.setPosixFilePermissions(keyrings, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void missingDirectoryOrFileIsReported() {
        assertThatThrownBy(() -> CookieAuth.readCookie(home.resolve("nope"), CONTEXT, 7, Instant.ofEpochSecond(NOW)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> CookieAuth.readCookie(keyrings, "other_context", 7, Instant.ofEpochSecond(NOW)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void aDirectoryWhereTheFileShouldBeIsRefused() throws IOException {
        Files.createDirectory(keyrings.resolve("dir_context"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertThatThrownBy(() -> CookieAuth.readCookie(keyrings, "dir_context", 7, Instant.ofEpochSecond(NOW)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void anOversizedKeyringIsRefused() throws IOException {
        writeKeyring(CONTEXT, "rw-------", "#".repeat(AuthLimits.MAX_KEYRING_FILE_SIZE + 1));
        assertThatThrownBy(() -> CookieAuth.readCookie(keyrings, CONTEXT, 7, Instant.ofEpochSecond(NOW)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("MAX_KEYRING_FILE_SIZE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"org_freedesktop_general", "a", "x-y_z:1"})
    void validContexts(String context) {
        assertThat(CookieSha1.isValidContext(context)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a\\b", ".hidden", "a.b", "..", "a b", "a\tb", "a\nb", "a\rb", "caf\u00e9"})
    void invalidContexts(String context) {
        assertThat(CookieSha1.isValidContext(context)).isFalse();
    }

    @Test
    void aRefusedKeyringMakesTheClientSendErrorAndExplainsTheFinalFailure() throws IOException {
        Files.setPosixFilePermissions(keyrings, PosixFilePermissions.fromString("rwxr-xr-x"));
        var client = new SaslClient(List.of(mechanism()), false);
        take(client);
        client.receive(ascii("DATA " + hex(CONTEXT + " 7 abc") + "\r\n"));
        assertThat(take(client)).startsWith("ERROR ");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_DATA);
        assertThatThrownBy(() -> client.receive(ascii("REJECTED DBUS_COOKIE_SHA1\r\n")))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("group or others")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1)
                        .allSatisfy(s -> assertThat(s).hasMessageContaining("keyring directory")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"org_freedesktop_test 7", "org_freedesktop_test 7 a b", "../etc 7 abc",
            ".. 7 abc", "org_freedesktop_test -7 abc", "org_freedesktop_test x abc", "org_freedesktop_test  7 abc",
            "org_freedesktop_test 7 abc\n"})
    void malformedServerChallengesAreAnsweredWithError(String challenge) {
        var client = new SaslClient(List.of(mechanism()), false);
        take(client);
        client.receive(ascii("DATA " + hex(challenge) + "\r\n"));
        assertThat(take(client)).startsWith("ERROR ");
        assertThat(client.state()).isEqualTo(State.WAITING_FOR_DATA);
    }

    @Test
    void serverVerifiesTheClientsAnswer() {
        var answer = CookieAuth.clientResponse(mechanism(), ascii(CONTEXT + " 7 srv"));
        assertThat(CookieAuth.verify("srv", COOKIE_7, answer)).isTrue();
        assertThat(CookieAuth.verify("srv", COOKIE_1, answer)).isFalse();
        assertThat(CookieAuth.verify("other", COOKIE_7, answer)).isFalse();
        assertThat(CookieAuth.verify("srv", COOKIE_7, ascii("onlyonefield"))).isFalse();
    }

    @Test
    void saslClientAgainstSaslServerWithTheSameKeyring() {
        var cookie = new SaslServer.Cookie(CONTEXT, 7, COOKIE_7);
        var server = SaslServer.builder(GUID)
                .allowExternal(false)
                .cookieSha1(1000, "someone", () -> cookie)
                .random(fixedRandom())
                .build();
        var client = new SaslClient(List.of(mechanism()), false);
        SaslServerTest.pump(client, server, 5);
        assertThat(client.isDone()).isTrue();
        assertThat(server.isDone()).isTrue();
        assertThat(server.authenticatedUid()).hasValue(1000);
        assertThat(server.authenticatedMechanism()).hasValue(CookieSha1.NAME);
    }

    @Test
    void saslServerRejectsAClientWithAnotherCookie() {
        var server = SaslServer.builder(GUID)
                .cookieSha1(1000, "someone", () -> new SaslServer.Cookie(CONTEXT, 7, COOKIE_1))
                .build();
        var client = new SaslClient(List.of(mechanism(), new External(1000)), false);
        // The client answers with cookie 7's hash, the server expects cookie 1's (same id, other
        // secret): rejected, and the client falls back to EXTERNAL, which has no peer uid here.
        assertThatThrownBy(() -> SaslServerTest.pump(client, server, 3))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("it accepts EXTERNAL, DBUS_COOKIE_SHA1");
        assertThat(server.transcript()).contains("S: REJECTED EXTERNAL DBUS_COOKIE_SHA1");
        assertThat(server.authenticatedUid()).isEmpty();
    }

    @Test
    void recordDefaultsAndWithers() {
        var m = CookieSha1.currentUser();
        assertThat(m.identity()).isEqualTo(Long.toString(AuthTestSupport.uid()));
        assertThat(m.keyringDirectory()).isEqualTo(Path.of(System.getProperty("user.home"), ".dbus-keyrings"));
        assertThat(m.withIdentity("root").identity()).isEqualTo("root");
        assertThat(m.withKeyringDirectory(keyrings).keyringDirectory()).isEqualTo(keyrings);
        var clock = InstantSource.fixed(Instant.EPOCH);
        assertThat(m.withClock(clock).clock()).isSameAs(clock);
        var random = fixedRandom();
        assertThat(m.withRandom(random).random()).isSameAs(random);
        assertThat(m.name()).isEqualTo("DBUS_COOKIE_SHA1");
        assertThatThrownBy(() -> m.withIdentity("")).isInstanceOf(IllegalArgumentException.class);
    }
}
