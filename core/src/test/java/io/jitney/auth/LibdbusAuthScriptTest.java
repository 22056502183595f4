package io.jitney.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jitney.testing.SharedReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs libdbus's scripted authentication conversations ({@code test/data/auth/*.auth-script} of
 * the reference implementation, read in place from {@code shared/reference/corpus}) against
 * {@link SaslClient} (scripts that say {@code CLIENT}) and {@link SaslServer} ({@code SERVER}).
 *
 * <p>The interpreter follows libdbus's {@code dbus-auth-script.c} semantics: before each line the
 * bytes the state machine wants to send are collected; {@code SEND 'text'} feeds {@code text} plus
 * {@code \r\n} (after one substitution of {@code USERID_HEX} and friends); {@code EXPECT_COMMAND
 * X} pops one collected line and compares its first word; {@code EXPECT_STATE} compares the state;
 * at the end, nothing sent may be left unchecked and an authenticated exchange may have no
 * unexpected unused bytes.
 *
 * <p>Differences from the libdbus harness, all deliberate:
 * <ul>
 *   <li>libdbus's transport, not its auth object, sends and reads the initial NUL byte; ours do it
 *       themselves, so the interpreter strips the client's and feeds the server one.
 *   <li>Peer credentials ({@code NO_CREDENTIALS}, {@code ROOT_CREDENTIALS}, {@code
 *       SILLY_CREDENTIALS}) are given to {@link SaslServer} when it is built, as a transport learns
 *       them at accept time; so the state machine is built lazily, at the first {@code SEND} or
 *       {@code EXPECT_} that needs it, and changing credentials afterwards fails the script.
 *   <li>{@code AUTHENTICATED_WITH_UNUSED_BYTES} (libdbus reads any state starting with
 *       {@code AUTHENTICATED} as plain authenticated) is checked strictly: authenticated
 *       <em>and</em> unused bytes present.
 *   <li>The client is built with {@code strictGuid(false)}: the scripts use {@code OK
 *       1234deadbeef}, which libdbus accepts but the specification's 32-hex-digit GUID rule does
 *       not.
 * </ul>
 * Every script in the corpus runs; none is skipped.
 */
class LibdbusAuthScriptTest {
    /** The GUID libdbus's harness gives its server. */
    private static final String SCRIPT_SERVER_GUID = "5fa01f4202cd837709a3274ca0df9d00";
    /** The cookie context libdbus's harness gives its server. */
    private static final String SCRIPT_CONTEXT = "org_freedesktop_test";
    /** The uid libdbus's harness uses for SILLY_CREDENTIALS. */
    private static final long SILLY_UID = 4312;

    @TestFactory
    Stream<DynamicTest> libdbusAuthScripts() throws IOException {
        var dir = SharedReference.assumeAvailable("corpus/dbus-test-data/auth");
        List<Path> scripts;
        try (var files = Files.list(dir)) {
            scripts = files.filter(f -> f.getFileName().toString().endsWith(".auth-script")).sorted().toList();
        }
        assertThat(scripts).as("auth scripts in " + dir).isNotEmpty();
        return scripts.stream().map(script ->
                DynamicTest.dynamicTest(script.getFileName().toString(), script.toUri(), () -> new Run(script).run()));
    }

    /** One script's run. */
    private static final class Run {
        private final Path script;
        private final long uid = AuthTestSupport.uid();
        private final String userName = AuthTestSupport.userName();

        private boolean isClient;
        private boolean roleGiven;
        private OptionalLong peerUid = OptionalLong.of(uid);
        private List<String> allowedMechanisms;

        private SaslClient client;
        private SaslServer server;
        private boolean clientNulSeen;
        /** What the state machine sent and the script has not checked yet. */
        private final StringBuilder sent = new StringBuilder();
        /** Bytes after the final line, until EXPECT_UNUSED takes them. */
        private String unused = "";
        private AuthenticationException failure;
        private int lineNumber;

        Run(Path script) {
            this.script = script;
        }

        void run() throws IOException {
            for (var raw : Files.readAllLines(script, StandardCharsets.ISO_8859_1)) {
                lineNumber++;
                collectOutput();
                var line = raw.stripLeading();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("UNIX_ONLY")) {
                    continue;
                }
                if (line.startsWith("WIN_ONLY")) {
                    assumeTrue(false, "Windows-only libdbus auth script");
                }
                interpret(line);
            }
            collectOutput();
            if (!roleGiven) {
                fail(where() + "script has neither CLIENT nor SERVER");
            }
            if (isAuthenticated() && !unused.isEmpty()) {
                fail(where() + "unused bytes the script did not expect: " + unused);
            }
            assertThat(sent.toString()).as("%sdata sent but not checked by an EXPECT_", where()).isEmpty();
        }

        private void interpret(String line) {
            if (line.startsWith("CLIENT") || line.startsWith("SERVER")) {
                if (roleGiven) {
                    fail(where() + "CLIENT or SERVER given twice");
                }
                roleGiven = true;
                isClient = line.startsWith("CLIENT");
                return;
            }
            if (!roleGiven) {
                fail(where() + "must specify CLIENT or SERVER first");
            }
            if (line.startsWith("NO_CREDENTIALS")) {
                configure(() -> peerUid = OptionalLong.empty());
            } else if (line.startsWith("ROOT_CREDENTIALS")) {
                configure(() -> peerUid = OptionalLong.of(0));
            } else if (line.startsWith("SILLY_CREDENTIALS")) {
                configure(() -> peerUid = OptionalLong.of(SILLY_UID));
            } else if (line.startsWith("ALLOWED_MECHS")) {
                configure(() -> allowedMechanisms = List.of(restOf(line).strip().split("[ \t]+")));
            } else if (line.startsWith("SEND")) {
                send(unquote(restOf(line)) + "\r\n");
            } else if (line.startsWith("EXPECT_STATE")) {
                expectState(restOf(line).strip());
            } else if (line.startsWith("EXPECT_COMMAND")) {
                expectCommand(restOf(line).strip());
            } else if (line.startsWith("EXPECT_UNUSED")) {
                start();
                assertThat(unused).as(where() + "unused bytes").isEqualTo(unquote(restOf(line)));
                unused = "";
            } else if (line.startsWith("EXPECT_HAVE_NO_CREDENTIALS")) {
                assertThat(authorizedUid()).as(where() + "authorized identity").isEmpty();
            } else if (line.startsWith("EXPECT_HAVE_SOME_CREDENTIALS")) {
                assertThat(authorizedUid()).as(where() + "authorized identity").isPresent();
            } else if (line.startsWith("EXPECT")) {
                start();
                var expected = unquote(restOf(line));
                assertThat(sent.toString()).as(where() + "exact data sent").startsWith(expected);
                sent.delete(0, expected.length());
            } else {
                fail(where() + "cannot interpret \"" + line + "\"");
            }
        }

        private void configure(Runnable change) {
            if (client != null || server != null) {
                fail(where() + "credentials or mechanisms changed after the exchange began; "
                        + "SaslServer and SaslClient take them at construction");
            }
            change.run();
        }

        /** Builds the state machine under test, once. */
        private void start() {
            if (client != null || server != null) {
                return;
            }
            if (isClient) {
                // libdbus's client offers all its mechanisms in this order.
                var mechanisms = new ArrayList<AuthMechanism>(List.of(
                        new External(uid),
                        new CookieSha1(Long.toString(uid), Path.of("/nonexistent/.dbus-keyrings"),
                                InstantSource.system(), new SecureRandom()),
                        new Anonymous("jitney libdbus-script test")));
                if (allowedMechanisms != null) {
                    mechanisms.removeIf(m -> !allowedMechanisms.contains(m.name()));
                }
                client = SaslClient.builder(mechanisms).strictGuid(false).build();
            } else {
                // libdbus's server allows every mechanism unless told otherwise.
                var builder = SaslServer.builder(SCRIPT_SERVER_GUID)
                        .allowExternal(allows(External.NAME))
                        .allowAnonymous(allows(Anonymous.NAME));
                peerUid.ifPresent(builder::peerUid);
                if (allows(CookieSha1.NAME)) {
                    var secret = HexFormat.of().formatHex("jitney test cookie".getBytes(StandardCharsets.US_ASCII));
                    builder.cookieSha1(uid, userName, () -> new SaslServer.Cookie(SCRIPT_CONTEXT, 1, secret));
                }
                server = builder.build();
                server.receive(new byte[] {0}); // libdbus's transport reads this byte, not its auth code
            }
            collectOutput();
        }

        private boolean allows(String mechanism) {
            return allowedMechanisms == null || allowedMechanisms.contains(mechanism);
        }

        private void send(String text) {
            start();
            if (isAuthenticated() || isFailed()) {
                fail(where() + "SEND after the exchange ended");
            }
            var bytes = substitute(text).getBytes(StandardCharsets.ISO_8859_1);
            try {
                if (isClient) {
                    client.receive(bytes);
                } else {
                    server.receive(bytes);
                }
            } catch (AuthenticationException e) {
                failure = e; // The state is now FAILED, which the script checks as NEED_DISCONNECT.
            }
            if (isAuthenticated()) {
                unused += new String(isClient ? client.takeUnusedBytes() : server.takeUnusedBytes(),
                        StandardCharsets.ISO_8859_1);
            }
        }

        private void expectState(String expected) {
            start();
            var actual = isFailed() ? "NEED_DISCONNECT" : isAuthenticated() ? "AUTHENTICATED" : "WAITING_FOR_INPUT";
            var detail = failure != null ? " (failure: " + failure.getMessage() + ")" : "";
            if (expected.startsWith("AUTHENTICATED_WITH_UNUSED_BYTES")) {
                assertThat(actual + (unused.isEmpty() ? "" : "_WITH_UNUSED_BYTES"))
                        .as(where() + "state" + detail)
                        .isEqualTo("AUTHENTICATED_WITH_UNUSED_BYTES");
            } else {
                var known = List.of("WAITING_FOR_INPUT", "WAITING_FOR_MEMORY", "HAVE_BYTES_TO_SEND",
                        "NEED_DISCONNECT", "AUTHENTICATED");
                var name = known.stream().filter(expected::startsWith).findFirst()
                        .orElseThrow(() -> new AssertionError(where() + "unknown state " + expected));
                assertThat(actual).as(where() + "state" + detail).isEqualTo(name);
            }
        }

        private void expectCommand(String expected) {
            start();
            int newline = sent.indexOf("\n");
            if (newline < 0) {
                fail(where() + "expected command " + expected + " but nothing was sent"
                        + (failure != null ? " (failure: " + failure.getMessage() + ")" : ""));
            }
            var line = sent.substring(0, newline);
            sent.delete(0, newline + 1);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            assertThat(firstWord(line)).as(where() + "command in \"" + line + "\"").isEqualTo(firstWord(expected));
        }

        /** Moves what the state machine wants to send into {@link #sent}. */
        private void collectOutput() {
            if (client != null) {
                var bytes = client.takeOutput();
                int from = 0;
                if (!clientNulSeen && bytes.length > 0) {
                    assertThat(bytes[0]).as("the client's first byte").isZero();
                    clientNulSeen = true;
                    from = 1;
                }
                sent.append(new String(bytes, from, bytes.length - from, StandardCharsets.ISO_8859_1));
            } else if (server != null) {
                sent.append(new String(server.takeOutput(), StandardCharsets.ISO_8859_1));
            }
        }

        private OptionalLong authorizedUid() {
            if (isClient) {
                fail(where() + "EXPECT_HAVE_*_CREDENTIALS is a server-side check");
            }
            return server == null ? OptionalLong.empty() : server.authenticatedUid();
        }

        private boolean isAuthenticated() {
            return client != null ? client.isDone() : server != null && server.isDone();
        }

        private boolean isFailed() {
            return client != null ? client.state() == SaslClient.State.FAILED
                    : server != null && server.state() == SaslServer.State.FAILED;
        }

        /** libdbus substitutes the first of these it finds (longest names first), once per SEND. */
        private String substitute(String text) {
            var substitutions = List.of(
                    List.of("WRONG_USERID_HEX", Long.toString(uid + 1)),
                    List.of("USERID_HEX", Long.toString(uid)),
                    List.of("WRONG_USERNAME_HEX", "jitney-not-" + userName),
                    List.of("USERNAME_HEX", userName));
            for (var substitution : substitutions) {
                int at = text.indexOf(substitution.get(0));
                if (at >= 0) {
                    return text.substring(0, at) + AuthTestSupport.hex(substitution.get(1))
                            + text.substring(at + substitution.get(0).length());
                }
            }
            return text;
        }

        private String where() {
            return script.getFileName() + ":" + lineNumber + ": ";
        }

        private static String restOf(String line) {
            int blank = indexOfBlank(line);
            return blank < 0 ? "" : line.substring(blank).stripLeading();
        }

        private static String firstWord(String text) {
            int blank = indexOfBlank(text);
            return blank < 0 ? text : text.substring(0, blank);
        }

        private static int indexOfBlank(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == ' ' || text.charAt(i) == '\t') {
                    return i;
                }
            }
            return -1;
        }

        /**
         * The scripts' quoting: single quotes group, a backslash escapes {@code r}, {@code n} or
         * itself, and an unquoted blank ends the text.
         */
        private String unquote(String quoted) {
            var out = new StringBuilder();
            boolean inQuotes = false;
            for (int i = 0; i < quoted.length(); i++) {
                char c = quoted.charAt(i);
                if (c == '\\') {
                    if (++i == quoted.length()) {
                        break;
                    }
                    switch (quoted.charAt(i)) {
                        case 'r' -> out.append('\r');
                        case 'n' -> out.append('\n');
                        case '\\' -> out.append('\\');
                        default -> fail(where() + "bad backslash escape in " + quoted);
                    }
                } else if (c == '\'') {
                    inQuotes = !inQuotes;
                } else if (!inQuotes && (c == ' ' || c == '\t' || c == '\n')) {
                    break;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
