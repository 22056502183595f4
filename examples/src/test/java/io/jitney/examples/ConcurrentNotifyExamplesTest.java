package io.jitney.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.message.Message;
import io.jitney.testing.DBusDaemonExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The async, threaded and Reactor notification examples against a test notification service. */
@Timeout(60)
class ConcurrentNotifyExamplesTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    NotificationService service;

    @BeforeEach
    void startService() {
        service = NotificationService.start(bus.unixPathAddress());
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    void assertNotifyCall(String summaryPrefix) throws InterruptedException {
        Message call = service.takeNotify(Duration.ofSeconds(5));
        assertThat(call.signature().toString()).isEqualTo("susssasa{sv}i");
        assertThat(call.body().get(0)).isEqualTo("jitney-examples");
        assertThat((String) call.body().get(3)).startsWith(summaryPrefix);
    }

    @Test
    void asyncNotify() throws Exception {
        var out = new ByteArrayOutputStream();
        long id = AsyncNotify.notify(bus.unixPathAddress(), new PrintStream(out, true, StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
        assertThat(id).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Notification ID: 1\n");
        assertNotifyCall("Hello from Jitney");
    }

    @Test
    void threadedNotify() throws Exception {
        var out = new ByteArrayOutputStream();
        var ids = ThreadedNotify.notifyFromThreads(bus.unixPathAddress(), 8,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(ids).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertNotifyCall("Hello from thread ");
        }
    }

    @Test
    void reactorNotify() throws Exception {
        var mono = ReactorNotify.notify(bus.unixPathAddress());
        assertThat(mono.block(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(mono.block(Duration.ofSeconds(10))).isEqualTo(2); // lazy: each subscription notifies
        assertNotifyCall("Hello from Jitney");
        assertNotifyCall("Hello from Jitney");
    }
}
