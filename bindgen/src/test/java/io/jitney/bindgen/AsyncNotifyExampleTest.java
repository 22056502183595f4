package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.message.Messages;
import io.jitney.testing.DBusDaemonExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's async notify example, written with the message generator bindgen generates for
 * {@code org.freedesktop.Notifications} ({@code examples/AsyncNotify.java}, also in the README),
 * compiled here and run against a fake notification server on a private bus.
 */
class AsyncNotifyExampleTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    @TempDir
    Path out;

    @Test
    @SuppressWarnings("unchecked")
    void theExampleSendsANotification() throws Exception {
        Bindgen.Result generated = Bindgen.fromXml(Fixtures.path("notifications.xml"))
                .packageName("org.example.notifications").generate();
        Javac.assertCompiles(generated.files(),
                Map.of("org.example.notifications.AsyncNotify", Resources.text("/examples/AsyncNotify.java")), out);

        var received = new CopyOnWriteArrayList<List<Object>>();
        try (var server = TestService.start(bus.unixPathAddress(), "org.freedesktop.Notifications", (conn, call) -> {
                    received.add(call.body());
                    return call.member().equals("Notify") ? Messages.newMethodReturn(call, "u", 42L)
                            : Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod", call.member());
                });
                var loader = Javac.loader(out)) {
            var future = (CompletableFuture<Long>) loader.loadClass("org.example.notifications.AsyncNotify")
                    .getMethod("sendNotification", String.class).invoke(null, bus.unixPathAddress());
            assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(42L);
        }
        assertThat(received).containsExactly(
                List.of("jitney", 0L, "", "Hello", "From Java", List.of(), Map.of(), -1));
    }
}
