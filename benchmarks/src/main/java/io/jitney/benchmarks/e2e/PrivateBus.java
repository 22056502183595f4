package io.jitney.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code dbus-daemon} for one benchmark run — never the machine's bus. The config is the
 * one core's test fixture {@code DBusDaemonExtension} writes (a permissive session-type bus with
 * session-bus limits), listening on {@code unix:path=} only, which every peer can use (dbus-java's
 * transport has no abstract sockets).
 */
public final class PrivateBus implements AutoCloseable {
    private final Path dir;
    private final long pid;
    private final String address;

    private PrivateBus(Path dir, long pid, String address) {
        this.dir = dir;
        this.pid = pid;
        this.address = address;
    }

    public static PrivateBus start(String daemon) throws IOException, InterruptedException {
        return start(daemon, Map.of());
    }

    /** As {@link #start(String)}, with {@code env} added to the daemon's environment. */
    public static PrivateBus start(String daemon, Map<String, String> env) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jitney-bench-");
        Path config = dir.resolve("bus.conf");
        Path out = dir.resolve("daemon.out");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow user="*"/>
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow receive_sender="*" eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                  <limit name="max_replies_per_connection">50000</limit>
                  <limit name="max_match_rules_per_connection">50000</limit>
                  <limit name="max_names_per_connection">50000</limit>
                </busconfig>
                """.formatted(dir.resolve("bus")), StandardCharsets.UTF_8);
        var pb = new ProcessBuilder(daemon, "--config-file=" + config, "--print-address=1", "--print-pid=1",
                "--fork", "--nosyslog").redirectOutput(out.toFile()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("dbus-daemon did not start (config " + config + ")");
        }
        List<String> lines = List.of();
        for (int i = 0; i < 1500 && lines.size() < 2; i++) {
            lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
            Thread.sleep(20);
        }
        if (lines.size() < 2) {
            throw new IOException("dbus-daemon printed no address and pid: " + lines);
        }
        var bus = new PrivateBus(dir, Long.parseLong(lines.get(1).strip()), lines.get(0).strip());
        Runtime.getRuntime().addShutdownHook(new Thread(bus::close));
        return bus;
    }

    public String address() {
        return address;
    }

    public long pid() {
        return pid;
    }

    @Override
    public void close() {
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
