package io.jitney.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;
import io.jitney.testing.DBusDaemonExtension;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link BlockingNotify} against a notification service written for the test, on a private bus. */
@Timeout(60)
class BlockingNotifyTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static final Duration T = Duration.ofSeconds(5);

    NotificationService service;

    @AfterEach
    void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void printsTheIdTheServiceGaveAndSendsWhatNotifyTakes() throws Exception {
        service = NotificationService.start(bus.unixPathAddress());
        var out = new ByteArrayOutputStream();
        long first;
        long second;
        try (var print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            first = BlockingNotify.notify(bus.unixPathAddress(), print);
            second = BlockingNotify.notify(bus.unixPathAddress(), print);
        }
        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Notification ID: 1\nNotification ID: 2\n");

        for (int i = 0; i < 2; i++) {
            Message call = service.takeNotify(T);
            assertThat(call.destination()).isEqualTo(NotificationService.NAME);
            assertThat(call.path().value()).isEqualTo("/org/freedesktop/Notifications");
            assertThat(call.signature().toString()).isEqualTo("susssasa{sv}i");
            assertThat(call.body()).containsExactly("jitney-examples", 0L, "", "Hello from Jitney",
                    "This notification was sent by the BlockingNotify example.", List.of(), Map.of(), -1);
        }
    }

    @Test
    void mainNotifiesThroughTheSessionBus(@TempDir Path dir) throws Exception {
        service = NotificationService.start(bus.unixPathAddress());
        // main() finds the session bus in the environment: run it in a child JVM pointed at ours.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        var pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), BlockingNotify.class.getName())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("DBUS_SESSION_BUS_ADDRESS", bus.unixPathAddress());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the example finished within 30 s").isTrue();
            assertThat(p.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isZero();
        } finally {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(out)).isEqualTo("Notification ID: 1\n");
        assertThat(service.takeNotify(T).body().get(3)).isEqualTo("Hello from Jitney");
    }

    @Test
    void withoutANotificationServiceTheBusErrorIsReported() {
        var out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> BlockingNotify.notify(bus.unixPathAddress(), new PrintStream(out, true, StandardCharsets.UTF_8)))
                .isInstanceOf(DBusErrorException.class)
                .hasMessageContaining("org.freedesktop.DBus.Error.ServiceUnknown");
        assertThat(out.size()).isZero();
    }
}
