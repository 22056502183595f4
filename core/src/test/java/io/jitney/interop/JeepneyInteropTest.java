package io.jitney.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.interop.InteropCases.Case;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Peers;
import io.jitney.testing.Peers.Peer;
import io.jitney.testing.Processes;
import io.jitney.wire.Values;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Jitney and Python's jeepney on one private dbus-daemon: every basic and container type, both
 * ways, in method calls, replies and signals. The jeepney side is {@code jeepney_service.py}
 * (test resources), which has its own table of the same values, so each side checks what the
 * other wrote against values it wrote down itself.
 */
@Timeout(30)
class JeepneyInteropTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    @TempDir
    static Path dir;

    static final Duration T = Duration.ofSeconds(5);
    static final String JEEPNEY_NAME = "org.jitney.test.Jeepney";
    static final DBusAddress JEEPNEY = new DBusAddress("/org/jitney/Interop", JEEPNEY_NAME, "org.jitney.Interop");
    /** Where Jitney's signals come from; jeepney replies to them with Report calls to the same path. */
    static final DBusAddress EMITTER = new DBusAddress("/org/jitney/Interop", null, "org.jitney.Interop");

    static final List<Case> cases = InteropCases.ALL;

    static Process python;
    static String jeepneyUniqueName;
    static JitneyEchoService echo;
    static BlockingConnection conn;

    @BeforeAll
    static void startJeepneyService() throws Exception {
        Peers.assumeAvailable(Peer.JEEPNEY);
        Path script = dir.resolve("jeepney_service.py");
        try (InputStream in = Objects.requireNonNull(JeepneyInteropTest.class.getResourceAsStream("jeepney_service.py"))) {
            Files.copy(in, script);
        }
        Path python3 = Peers.executable(Peer.JEEPNEY).orElseThrow();
        var started = Processes.start(Duration.ofSeconds(20), dir.resolve("jeepney.err"),
                List.of(python3.toString(), script.toString(), bus.unixPathAddress(), JEEPNEY_NAME));
        python = started.process();
        assertThat(started.firstLine()).as("the jeepney service's first line").startsWith("READY :");
        jeepneyUniqueName = started.firstLine().substring("READY ".length());
        echo = JitneyEchoService.start(bus.unixPathAddress(), "org.jitney.test.JitneyEcho");
        conn = BlockingConnection.open(bus.unixPathAddress());
        Message first = conn.receive(T);
        assertThat(first.member()).isEqualTo("NameAcquired");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (conn != null) {
                conn.close();
            }
            if (echo != null) {
                echo.close();
            }
        } finally {
            if (python != null) {
                Processes.kill(python);
            }
        }
    }

    @Test
    void bothTablesListTheSameCases() {
        Message reply = conn.sendAndGetReply(Messages.newMethodCall(JEEPNEY, "Cases", ""), T);
        Map<String, String> ours = cases.stream().collect(Collectors.toMap(Case::name, Case::signature));
        assertThat(reply.signature().toString()).isEqualTo("a{ss}");
        assertThat(reply.body().getFirst()).isEqualTo(ours);
    }

    /** Jitney writes, jeepney reads and writes back, Jitney reads. */
    @ParameterizedTest(name = "{0}")
    @FieldSource("cases")
    void jeepneyEchoesJitneysValuesUnchanged(Case c) {
        Message reply = conn.sendAndGetReply(Messages.newMethodCall(JEEPNEY, "Echo", c.sig(), c.values()), T);
        assertSameBody(reply, c, Function.identity());
    }

    /** Jitney writes; jeepney compares with its own values (types, float bits and dict order too). */
    @ParameterizedTest(name = "{0}")
    @FieldSource("cases")
    void jeepneyReadsJitneysValuesAsItsOwn(Case c) {
        Message reply = conn.sendAndGetReply(Messages.newMethodCall(JEEPNEY, "Check", "s" + c.signature(),
                c.withNameFirst()), T);
        assertThat(reply.body()).as("what jeepney found wrong").containsExactly("");
    }

    /** jeepney writes its own values; Jitney reads them as its canonical values. */
    @ParameterizedTest(name = "{0}")
    @FieldSource("cases")
    void jitneyReadsJeepneysValuesAsItsOwn(Case c) {
        Message reply = conn.sendAndGetReply(Messages.newMethodCall(JEEPNEY, "Get", "s", c.name()), T);
        assertSameBody(reply, c, Function.identity());
    }

    /** jeepney calls a Jitney service: Jitney reads jeepney's values, and its echo reaches jeepney intact. */
    @ParameterizedTest(name = "{0}")
    @FieldSource("cases")
    void jeepneyCallsAJitneyService(Case c) throws Exception {
        echo.clear();
        Message reply = conn.sendAndGetReply(Messages.newMethodCall(JEEPNEY, "CallEcho", "ss", echo.name(), c.name()), T);
        assertThat(reply.body()).as("what jeepney found wrong in the echo").containsExactly("");
        Message call = echo.takeEchoCall(T);
        assertThat(call.sender()).isEqualTo(jeepneyUniqueName);
        assertSameBody(call, c, Function.identity());
    }

    /** jeepney emits a signal; a Jitney subscription on jeepney's well-known name receives it. */
    @ParameterizedTest(name = "{0}")
    @FieldSource("cases")
    void jeepneysSignalsReachAJitneySubscription(Case c) {
        var rule = MatchRule.builder().type(MessageType.SIGNAL).sender(JEEPNEY_NAME)
                .interfaceName("org.jitney.Interop").member("Values").build();
        try (var values = conn.subscribe(rule, 16)) {
            // jeepney emits before it replies: the signal arrives while Jitney waits for the reply.
            conn.sendAndGetReply(Messages.newMethodCall(JEEPNEY, "Emit", "s", c.name()), T);
            Message signal = values.receive(T);
            assertThat(signal.sender()).isEqualTo(jeepneyUniqueName);
            assertThat(signal.path().value()).isEqualTo("/org/jitney/Interop");
            assertThat(signal.body().getFirst()).isEqualTo(c.name());
            assertSameBody(signal, c, body -> body.subList(1, body.size()));
        }
    }

    /** Jitney emits a signal; jeepney, subscribed with AddMatch, checks it and reports back with a call. */
    @ParameterizedTest(name = "{0}")
    @FieldSource("cases")
    void jitneysSignalsReachAJeepneySubscription(Case c) {
        try (var emitter = BlockingConnection.open(bus.unixPathAddress())) {
            Message listening = emitter.sendAndGetReply(Messages.newMethodCall(JEEPNEY, "Listen", "s",
                    emitter.uniqueName()), T);
            assertThat(listening.body()).containsExactly("");
            emitter.send(Messages.newSignal(EMITTER, "Values", "s" + c.signature(), c.withNameFirst()));
            Message report;
            do {
                report = emitter.receive(T); // NameAcquired comes first
            } while (report.type() == MessageType.SIGNAL && "NameAcquired".equals(report.member()));
            assertThat(report.type()).isEqualTo(MessageType.METHOD_CALL);
            assertThat(report.member()).isEqualTo("Report");
            assertThat(report.sender()).isEqualTo(jeepneyUniqueName);
            emitter.send(Messages.newMethodReturn(report, ""));
            assertThat(report.body()).as("jeepney's report on the signal (case, what it found wrong)")
                    .containsExactly(c.name(), "");
        }
    }

    private static void assertSameBody(Message m, Case c, Function<List<Object>, List<Object>> part) {
        String expectedSignature = m.type() == MessageType.SIGNAL ? "s" + c.signature() : c.signature();
        assertThat(m.signature().toString()).isEqualTo(expectedSignature);
        List<Object> body = part.apply(m.body());
        assertThat(Values.deepEquals(body, c.values()))
                .as("Jitney read %s, expected %s", shorten(Values.toDisplayString(body)),
                        shorten(Values.toDisplayString(c.values())))
                .isTrue();
    }

    private static String shorten(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "... (" + s.length() + " chars)";
    }
}
