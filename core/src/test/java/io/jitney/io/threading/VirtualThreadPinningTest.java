package io.jitney.io.threading;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.testing.DBusDaemonExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of virtual threads calling through one router must not pin their carriers while they
 * wait: JFR's {@code jdk.VirtualThreadPinned} event fires whenever a virtual thread parks while
 * pinned, and none may fire.
 */
class VirtualThreadPinningTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    @Test
    void waitingForRepliesDoesNotPinCarriers(@TempDir Path tmp) throws Exception {
        try (var service = new EchoService(bus.unixPathAddress());
                var router = ThreadedRouter.open(bus.unixPathAddress());
                var recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            var target = new DBusAddress("/echo", service.name(), "org.example.Echo");
            var ok = new AtomicInteger();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 2_000; t++) {
                    executor.submit(() -> {
                        for (int i = 0; i < 3; i++) {
                            Message reply = router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "i", i),
                                    Duration.ofSeconds(30));
                            if (reply.body().getFirst().equals(i)) {
                                ok.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
            recording.stop();
            Path file = tmp.resolve("pinning.jfr");
            recording.dump(file);
            var pinned = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
                    .map(RecordedEvent::toString)
                    .toList();
            assertThat(ok.get()).isEqualTo(6_000);
            assertThat(pinned).as("virtual threads pinned while waiting").isEmpty();
            assertThat(Files.size(file)).isPositive();
        }
    }
}
