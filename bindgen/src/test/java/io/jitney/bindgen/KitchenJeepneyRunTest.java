package io.jitney.bindgen;

import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Peers;
import io.jitney.testing.Peers.Peer;
import io.jitney.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link KitchenCompileAndRun} against a Jeepney service ({@code services/jeepney_kitchen.py}):
 * the generated code with another D-Bus implementation on the other side. Skipped, saying
 * {@code pip install jeepney}, without python3 and jeepney.
 */
class KitchenJeepneyRunTest extends KitchenCompileAndRun {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    private static Process service;

    @BeforeAll
    static void serve() throws Exception {
        Path python = Peers.assumeExecutable(Peer.JEEPNEY);
        Path script = Fixtures.resource("/services/jeepney_kitchen.py");
        Path stderr = Files.createTempFile(out, "jeepney-kitchen-", ".err");
        var started = Processes.start(Duration.ofSeconds(20), stderr,
                List.of(python.toString(), "-u", script.toString(), bus.unixPathAddress(), NAME));
        service = started.process();
        if (!started.firstLine().equals("READY")) {
            Processes.kill(service);
            throw new AssertionError("the Jeepney service said " + started.firstLine() + "; stderr: "
                    + Files.readString(stderr));
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (service != null) {
            Processes.kill(service);
        }
    }

    @Override
    String address() {
        return bus.unixPathAddress();
    }
}
