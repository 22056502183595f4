package io.jitney.cli;

import static io.jitney.cli.CliRun.at;
import static io.jitney.cli.CliRun.jitney;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.bus.MessageBus;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Peers;
import io.jitney.testing.Peers.Peer;
import io.jitney.wire.Struct;
import io.jitney.wire.Variant;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** emit, monitor and wait on a private bus, and the failures that need no peer at all. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SignalsAndErrorsTest {
    @RegisterExtension
    static DBusDaemonExtension bus = new DBusDaemonExtension();

    static final String IFACE = "io.jitney.test.Sig";

    @Test
    void emitIsReceivedByAJitneySubscriber() {
        var rule = MatchRule.builder().type(MessageType.SIGNAL).interfaceName(IFACE).build();
        try (var conn = BlockingConnection.open(bus.unixPathAddress()); var filter = conn.subscribe(rule, 8)) {
            CliRun.Result r = jitney(at(bus.unixPathAddress(), "emit", "/a/b", IFACE, "Changed", "sa{sv}(ii)", "hello",
                    "1", "k", "u", "7", "--", "-1", "2"));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).isEmpty();
            Message m = filter.receive(Duration.ofSeconds(10));
            assertThat(m.path().value()).isEqualTo("/a/b");
            assertThat(m.member()).isEqualTo("Changed");
            assertThat(m.signature().toString()).isEqualTo("sa{sv}(ii)");
            assertThat(m.body()).containsExactly("hello", Map.of("k", Variant.of("u", 7L)), Struct.of(-1, 2));

            r = jitney(at(bus.unixPathAddress(), "emit", "--destination=" + conn.uniqueName(), "/a", IFACE, "Direct"));
            assertThat(r.exit()).as(r.toString()).isZero();
            Message direct = filter.receive(Duration.ofSeconds(10));
            assertThat(direct.member()).isEqualTo("Direct");
            assertThat(direct.destination()).isEqualTo(conn.uniqueName());
        }
    }

    /** Runs jitney on a thread; {@code err} can be read while it runs. */
    record Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
        void awaitErr(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!err.toString().contains(text)) {
                assertThat(exit.isDone()).as("jitney ended early: %s %s", out, err).isFalse();
                assertThat(System.nanoTime()).as("waiting for '%s' on stderr", text).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    static Running start(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        return new Running(onThread(() -> Jitney.execute(args, new PrintWriter(out, true), new PrintWriter(err, true),
                name -> null)), out, err);
    }

    /** On a thread of its own: the common pool may have a single worker, and a monitor keeps it. */
    static <T> CompletableFuture<T> onThread(java.util.function.Supplier<T> task) {
        var result = new CompletableFuture<T>();
        Thread.ofPlatform().daemon().name("jitney-under-test").start(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    static void emit(BlockingConnection conn, String member, String signature, Object... args) {
        conn.send(Messages.newSignal(new DBusAddress("/m", null, IFACE), member, signature, args));
    }

    @Test
    void monitorPrintsMatchingTrafficUntilCount() throws Exception {
        String match = "type='signal',interface='" + IFACE + "'";
        Running text = start(at(bus.unixPathAddress(), "monitor", "--count", "2", match));
        Running json = start(at(bus.unixPathAddress(), "monitor", "--json=short", "--count=2", "--match", match));
        text.awaitErr("Monitoring bus message stream.");
        json.awaitErr("Monitoring bus message stream.");
        try (var conn = BlockingConnection.open(bus.unixPathAddress())) {
            emit(conn, "First", "s", "one");
            emit(conn, "Second", "ai", List.of(1, 2));
            conn.sendAndGetReply(new MessageBus().getId(), Duration.ofSeconds(5)); // not a signal: not shown
            assertThat(text.exit().get(10, TimeUnit.SECONDS)).isZero();
            assertThat(json.exit().get(10, TimeUnit.SECONDS)).isZero();
            String sender = conn.uniqueName();
            assertThat(text.out().toString()).matches("(?s)\u2023 Type=signal  Endian=l  Flags=0  Version=1 Cookie=\\d+"
                    + "  Timestamp=\"[^\"]+\"\n  Sender=" + sender + "  Path=/m  Interface=" + IFACE
                    + "  Member=First\n  UniqueName=" + sender + "\n  MESSAGE \"s\" \\{\n          STRING \"one\";\n"
                    + "  };\n\n\u2023 Type=signal .*Member=Second\n.*  MESSAGE \"ai\" \\{\n          ARRAY \"i\" \\{\n"
                    + "                  INT32 1;\n                  INT32 2;\n          };\n  };\n\n");
            List<String> lines = json.out().toString().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).matches("\\{\"type\":\"signal\",\"endian\":\"l\",\"flags\":0,\"version\":1,"
                    + "\"cookie\":\\d+,\"timestamp-realtime\":\\d+,\"sender\":\"" + sender + "\",\"path\":\"/m\","
                    + "\"interface\":\"" + IFACE + "\",\"member\":\"First\",\"payload\":\\{\"type\":\"s\",\"data\":"
                    + "\\[\"one\"]}}");
            assertThat(lines.get(1)).contains("\"member\":\"Second\"", "\"payload\":{\"type\":\"ai\",\"data\":[[1,2]]}");
        }
    }

    @Test
    void monitorPrintsWhatBusctlMonitorPrints() throws Exception {
        Peers.assumeAvailable(Peer.BUSCTL);
        String match = "type='signal',interface='" + IFACE + ".Same'";
        Path out = Files.createTempFile("busctl-monitor", ".out");
        Path err = Files.createTempFile("busctl-monitor", ".err");
        Process busctl = new ProcessBuilder("busctl", "--address=" + bus.unixPathAddress(), "monitor",
                "--match=" + match).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            Running text = start(at(bus.unixPathAddress(), "monitor", "--count=1", match));
            text.awaitErr("Monitoring bus message stream.");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(err).contains("Monitoring bus message stream.")) {
                assertThat(System.nanoTime()).as("busctl monitor did not start").isLessThan(deadline);
                Thread.sleep(10);
            }
            CliRun.Result emitted = jitney(at(bus.unixPathAddress(), "emit", "/x", IFACE + ".Same", "Ping",
                    "sa{sv}(yd)", "hé", "1", "k", "v", "as", "1", "z", "7", "2.5"));
            assertThat(emitted.exit()).as(emitted.toString()).isZero();
            assertThat(text.exit().get(10, TimeUnit.SECONDS)).isZero();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(out, StandardCharsets.UTF_8).contains("};\n\n")) {
                assertThat(System.nanoTime()).as("busctl monitor printed nothing").isLessThan(deadline);
                Thread.sleep(10);
            }
            String expected = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(withoutTimestamps(text.out().toString())).isEqualTo(withoutTimestamps(expected));
        } finally {
            busctl.destroy();
            busctl.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static String withoutTimestamps(String s) {
        return s.replaceAll("Timestamp=\"[^\"]*\"", "Timestamp=T");
    }

    @Test
    void waitPrintsTheFirstMatchingSignal() throws Exception {
        var stop = new AtomicBoolean();
        try (var emitter = BlockingConnection.open(bus.unixPathAddress())) {
            emitter.sendAndGetReply(new MessageBus().requestName("io.jitney.test.Emitter"), Duration.ofSeconds(5));
            // Emit every 100 ms until wait has seen one, so that the test does not race the subscription.
            var sending = onThread(() -> {
                while (!stop.get()) {
                    emit(emitter, "Other", "s", "not this one");
                    emit(emitter, "Ready", "sv", "done", Variant.of("i", 42));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return false;
                    }
                }
                return true;
            });
            try {
                CliRun.Result r = jitney(at(bus.unixPathAddress(), "--timeout=10", "wait", "io.jitney.test.Emitter", "/m",
                        IFACE, "Ready"));
                assertThat(r).isEqualTo(new CliRun.Result(0, "sv \"done\" i 42\n", ""));
                r = jitney(at(bus.unixPathAddress(), "--json=short", "--timeout=10", "wait", "io.jitney.test.Emitter",
                        "/m", IFACE, "Ready"));
                assertThat(r).isEqualTo(new CliRun.Result(0,
                        "{\"type\":\"sv\",\"data\":[\"done\",{\"type\":\"i\",\"data\":42}]}\n", ""));
            } finally {
                stop.set(true);
                sending.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void waitGivesUpAfterTimeout() {
        long start = System.nanoTime();
        CliRun.Result r = jitney(at(bus.unixPathAddress(), "--timeout=300ms", "wait", "io.jitney.test.Nobody", "/m",
                IFACE, "Never"));
        assertThat(r).isEqualTo(new CliRun.Result(1, "",
                "Timed out waiting for signal " + IFACE + ".Never on /m from io.jitney.test.Nobody.\n"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void noSessionBusSaysHowToPointAtOne(@TempDir Path runtimeDir) {
        CliRun.Result r = CliRun.jitneyWithEnv(Map.of("XDG_RUNTIME_DIR", runtimeDir.toString()), "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).hasLineCount(1).startsWith("No session bus: DBUS_SESSION_BUS_ADDRESS is not set and "
                + runtimeDir.resolve("bus") + " does not exist.")
                .contains("--address=unix:path=", "DBUS_SESSION_BUS_ADDRESS", "dbus-run-session -- bin/jitney");
        assertThat(jitney("call", "a.b", "/", "a.b", "M").err()).contains("XDG_RUNTIME_DIR is unset");
    }

    @Test
    void sessionBusFromTheEnvironment() {
        CliRun.Result r = CliRun.jitneyWithEnv(Map.of("DBUS_SESSION_BUS_ADDRESS", bus.unixPathAddress()), "call",
                "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", "s",
                "org.freedesktop.DBus");
        assertThat(r).isEqualTo(new CliRun.Result(0, "b true\n", ""));
    }

    @Test
    void connectionFailureIsOneLine(@TempDir Path dir) {
        CliRun.Result r = jitney("--address=unix:path=" + dir.resolve("nothing"), "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).startsWith("Failed to connect to bus: ").contains("No such file");
    }

    @Test
    void badCommandLines() {
        assertThat(jitney("frob")).isEqualTo(new CliRun.Result(1, "", "Unknown command verb frob.\n"));
        CliRun.Result missing = jitney(at(bus.unixPathAddress(), "call", "a.b"));
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Missing required parameters: 'PATH', 'IFACE', 'METHOD'\n");
        assertThat(jitney(at(bus.unixPathAddress(), "call", "bad..name", "/", "a.b", "M")))
                .isEqualTo(new CliRun.Result(1, "", "Invalid service name: bad..name (empty element at position 4)\n"));
        assertThat(jitney(at(bus.unixPathAddress(), "call", "a.b", "nopath", "a.b", "M")).err())
                .startsWith("Invalid object path: nopath (");
        assertThat(jitney(at(bus.unixPathAddress(), "--json=long", "list")))
                .isEqualTo(new CliRun.Result(1, "", "Unknown argument to --json= switch: long\n"));
        assertThat(jitney(at(bus.unixPathAddress(), "--timeout=soon", "list")))
                .isEqualTo(new CliRun.Result(1, "", "Failed to parse --timeout= parameter 'soon': Invalid argument\n"));
        assertThat(jitney(at(bus.unixPathAddress(), "monitor", "type=bogus")).err())
                .startsWith("Failed to parse match rule 'type=bogus': ");
        CliRun.Result unknownOption = jitney(at(bus.unixPathAddress(), "call", "a.b", "/", "a.b", "M", "s", "--frob"));
        assertThat(unknownOption.exit()).isEqualTo(1);
        assertThat(unknownOption.err()).hasLineCount(1).contains("--frob");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun.Result r = jitney(at(bus.unixPathAddress(), "--verbose", "call", "io.jitney.test.Nope", "/", "a.b", "M"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Call failed: The name io.jitney.test.Nope was not provided by any .service files\n")
                .contains("DBusErrorException", "\tat ");
    }

    @Test
    void helpAndVersion() {
        CliRun.Result help = jitney("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("list", "call", "introspect", "get-property", "set-property", "emit", "monitor",
                "wait", "--address", "--json");
        assertThat(jitney("--version").out()).startsWith("jitney ");
    }

}
