package io.jitney.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Peers;
import io.jitney.testing.Peers.Peer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * bin/jitney as a user runs it: a process, finding the JDK 25 itself even when JAVA_HOME names
 * an older one, running the packaged jar. Runs in the integration-test phase, after the jar is
 * built (see cli/pom.xml).
 */
class BinJitneyScriptTest {
    @RegisterExtension
    static DBusDaemonExtension bus = new DBusDaemonExtension();

    static Path script() {
        Path repo = Path.of(System.getProperty("jitney.repo.dir", "..")).toAbsolutePath().normalize();
        Path script = repo.resolve("bin/jitney");
        assertThat(script).isExecutable();
        return script;
    }

    @Test
    void scriptCallsLikeBusctl() throws Exception {
        List<String> call = List.of("--json=short", "call", "org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus", "NameHasOwner", "s", "org.freedesktop.DBus");
        var command = new java.util.ArrayList<>(List.of(script().toString(), "--address=" + bus.unixPathAddress()));
        command.addAll(call);
        Map<String, String> env = Files.isDirectory(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"))
                ? Map.of("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64") : Map.of();
        CliRun.Result viaScript = CliRun.process(env, command);
        assertThat(viaScript).isEqualTo(new CliRun.Result(0, "{\"type\":\"b\",\"data\":[true]}\n", ""));
        if (Peers.isAvailable(Peer.BUSCTL)) {
            assertThat(viaScript).isEqualTo(CliRun.busctl(bus.unixPathAddress(), call.toArray(String[]::new)));
        }
    }

    @Test
    void scriptReportsFailuresWithExitCodeOne() throws Exception {
        CliRun.Result r = CliRun.process(Map.of(), List.of(script().toString(), "--address=" + bus.unixPathAddress(),
                "call", "io.jitney.test.Nope", "/", "a.b", "M"));
        assertThat(r).isEqualTo(new CliRun.Result(1, "",
                "Call failed: The name io.jitney.test.Nope was not provided by any .service files\n"));
    }
}
