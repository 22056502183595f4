package io.jitney.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code dbus-daemon} for a test: a permissive session-like bus listening on
 * {@code unix:path=<dir>/bus}, started with {@code --fork} and killed by its pid on close.
 */
final class DbusDaemon implements AutoCloseable {
    /** The skip message for machines without it. */
    static final String MISSING = "dbus-daemon not found on PATH: install the Debian package dbus-daemon";

    private final String address;
    private final Path socket;
    private final long pid;

    private DbusDaemon(String address, Path socket, long pid) {
        this.address = address;
        this.socket = socket;
        this.pid = pid;
    }

    static boolean isInstalled() {
        return AuthTestSupport.onPath("dbus-daemon");
    }

    /**
     * Starts a daemon in {@code dir} accepting only {@code mechanism} (an {@code <auth>} element),
     * or every mechanism it knows if {@code mechanism} is null.
     */
    static DbusDaemon start(Path dir, String mechanism) throws IOException, InterruptedException {
        var socket = dir.resolve("bus");
        var config = dir.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  %s
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(socket, mechanism == null ? "" : "<auth>" + mechanism + "</auth>"));
        var stderr = dir.resolve("dbus-daemon.stderr");
        var process = new ProcessBuilder("dbus-daemon", "--config-file=" + config,
                        "--print-address=1", "--print-pid=1", "--fork")
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        // Read exactly two lines: the forked daemon inherits the pipe, so it never reaches EOF.
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            var address = out.readLine();
            var pid = out.readLine();
            if (address == null || pid == null) {
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("dbus-daemon did not start: " + Files.readString(stderr));
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                throw new IOException("dbus-daemon --fork did not return");
            }
            return new DbusDaemon(address.strip(), socket, Long.parseLong(pid.strip()));
        }
    }

    /** The address it printed, e.g. {@code unix:path=/tmp/…/bus,guid=…}. */
    String address() {
        return address;
    }

    /** The {@code guid=} of its address. */
    String guid() {
        int at = address.indexOf("guid=");
        return address.substring(at + 5).split(",")[0];
    }

    /** Where to connect. */
    UnixDomainSocketAddress socket() {
        return UnixDomainSocketAddress.of(socket);
    }

    @Override
    public void close() {
        var handle = ProcessHandle.of(pid)
                .filter(h -> h.info().command().map(c -> c.endsWith("dbus-daemon")).orElse(false));
        if (handle.isEmpty()) {
            return;
        }
        handle.get().destroy();
        // Wait for it to die. Not onExit(): for a process that is not our child it polls slowly,
        // and the dead daemon stays a zombie until init reaps it, so watch for state Z as well.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            while (isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (isRunning()) {
            handle.get().destroyForcibly();
        }
    }

    private boolean isRunning() {
        try {
            var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false; // gone
        }
    }
}
