package io.jitney.bus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private dbus-daemon for tests: a permissive configuration (anyone may own any name, send
 * anywhere and eavesdrop), listening on a unix socket in a temporary directory, started with
 * {@code --fork} and killed by its pid in {@link #close()}. One service file declares
 * {@link #ACTIVATABLE} with a program that exits at once. Test-local until Jitney has its own
 * connection and test bus.
 */
public final class PrivateDbusDaemon implements AutoCloseable {
    /** A name with a service file whose program exits with status 1 without taking the name. */
    public static final String ACTIVATABLE = "org.jitney.test.Activatable";

    private final Path dir;
    private final Path socket;
    private final String address;
    private final long pid;

    private PrivateDbusDaemon(Path dir, Path socket, String address, long pid) {
        this.dir = dir;
        this.socket = socket;
        this.address = address;
        this.pid = pid;
    }

    /** The path of {@code dbus-daemon} on the PATH, or null. */
    static Path findExecutable(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Starts a daemon, or aborts the calling test (skipped) naming the package to install. */
    public static PrivateDbusDaemon start() throws IOException, InterruptedException {
        Path exe = findExecutable("dbus-daemon");
        Assumptions.assumeTrue(exe != null,
                "dbus-daemon is not installed: install the Debian package 'dbus-daemon' to run the real-bus tests");
        Path dir = Files.createTempDirectory("jitney-bus");
        Path socket = dir.resolve("bus");
        Path config = dir.resolve("bus.conf");
        Path services = Files.createDirectory(dir.resolve("services"));
        Path program = dir.resolve("fail.sh");
        Files.writeString(program, "#!/bin/sh\nexit 1\n");
        program.toFile().setExecutable(true);
        Files.writeString(services.resolve(ACTIVATABLE + ".service"),
                "[D-BUS Service]\nName=" + ACTIVATABLE + "\nExec=" + program + "\n");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <servicedir>%s</servicedir>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(socket, services));
        Path out = dir.resolve("daemon.out");
        Process p = new ProcessBuilder(exe.toString(), "--config-file=" + config, "--print-address=1", "--print-pid=1",
                        "--fork")
                .redirectOutput(out.toFile())
                .redirectError(dir.resolve("daemon.err").toFile())
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dbus-daemon did not fork within 20 s");
        }
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            if (lines.size() >= 2) {
                break;
            }
            Thread.sleep(20);
        }
        if (lines.size() < 2) {
            throw new IOException("dbus-daemon printed no address and pid (exit " + p.exitValue() + "): "
                    + lines + " " + Files.readString(dir.resolve("daemon.err")));
        }
        return new PrivateDbusDaemon(dir, socket, lines.get(0).trim(), Long.parseLong(lines.get(1).trim()));
    }

    /** The address the daemon printed, e.g. {@code unix:path=/tmp/.../bus,guid=...}. */
    public String address() {
        return address;
    }

    /** The listening socket. */
    public Path socket() {
        return socket;
    }

    public long pid() {
        return pid;
    }

    /** A new connection that has authenticated and said Hello. */
    public RawBusConnection connect() throws IOException {
        RawBusConnection c = RawBusConnection.open(socket);
        c.hello();
        return c;
    }

    /** Kills the daemon by its pid and removes the temporary directory. */
    @Override
    public void close() throws IOException {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
