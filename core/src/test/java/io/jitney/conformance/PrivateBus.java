package io.jitney.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private {@code dbus-daemon} for one test, started with a permissive config in a temporary
 * directory and killed by its pid on {@link #close()}. Local to the conformance tests until a
 * shared daemon fixture exists.
 */
final class PrivateBus implements AutoCloseable {
    private final String address;
    private final long pid;

    private PrivateBus(String address, long pid) {
        this.address = address;
        this.pid = pid;
    }

    /** Starts a bus listening on {@code dir/bus.sock}; aborts the test if dbus-daemon is missing. */
    static PrivateBus start(Path dir, Duration timeout) throws IOException, InterruptedException {
        Path daemon = ExternalTool.require("dbus-daemon", "install the Debian package dbus-daemon");
        Path config = dir.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(dir.resolve("bus.sock")), StandardCharsets.UTF_8);
        var run = ExternalTool.run(dir, timeout, List.of(daemon.toString(), "--config-file=" + config,
                "--print-address=1", "--print-pid=1", "--fork", "--nopidfile"));
        List<String> lines = run.stdout().lines().toList();
        if (run.exitCode() != 0 || lines.size() < 2) {
            throw new AssertionError("dbus-daemon did not start: " + run);
        }
        return new PrivateBus(lines.get(0).strip(), Long.parseLong(lines.get(1).strip()));
    }

    String address() {
        return address;
    }

    @Override
    public void close() {
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }
}
