package io.jitney.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Which real D-Bus peers this machine has, for interoperability tests, and skip messages that say
 * what to install.
 *
 * <pre>{@code
 * Peers.assumeAvailable(Peer.BUSCTL);          // skips: "busctl not found on PATH: apt install systemd"
 * Path gdbus = Peers.assumeExecutable(Peer.GDBUS);   // skips likewise, or gives where it is
 * }</pre>
 *
 * <p>Results are cached for the JVM. Thread-safe.
 */
public final class Peers {
    private Peers() {}

    /** A program the tests can talk to, with how to install it. */
    public enum Peer {
        /** The reference bus daemon. */
        DBUS_DAEMON("dbus-daemon", "apt install dbus-daemon"),
        /** systemd's bus tool. */
        BUSCTL("busctl", "apt install systemd"),
        /** GLib's bus tool. */
        GDBUS("gdbus", "apt install libglib2.0-bin"),
        /** libdbus's sender (use {@code --bus=ADDRESS}, not {@code --address}). */
        DBUS_SEND("dbus-send", "apt install dbus-bin"),
        /** libdbus's monitor. */
        DBUS_MONITOR("dbus-monitor", "apt install dbus-bin"),
        /** A relay for {@code unixexec:} tests. */
        SOCAT("socat", "apt install socat"),
        /** systemd's stdio-to-bus bridge, for {@code unixexec:} tests. */
        SYSTEMD_STDIO_BRIDGE("systemd-stdio-bridge", "apt install systemd"),
        /** Python 3 with the jeepney D-Bus library importable. */
        JEEPNEY("python3", "pip install jeepney (with python3 on PATH: apt install python3)");

        private final String program;
        private final String install;

        Peer(String program, String install) {
            this.program = program;
            this.install = install;
        }

        /** The executable looked up on {@code PATH}. */
        public String program() {
            return program;
        }

        /** What to run to get it. */
        public String install() {
            return install;
        }
    }

    private static final Map<Peer, Optional<Path>> CACHE = new ConcurrentHashMap<>();

    /** Where the peer's program is, if it is there (for {@link Peer#JEEPNEY}: python3, if jeepney imports). */
    public static Optional<Path> executable(Peer peer) {
        return CACHE.computeIfAbsent(peer, p -> {
            Optional<Path> found = onPath(p.program());
            if (p == Peer.JEEPNEY && found.isPresent() && !imports(found.get(), "jeepney")) {
                return Optional.empty();
            }
            return found;
        });
    }

    /** Whether the peer is there. */
    public static boolean isAvailable(Peer peer) {
        return executable(peer).isPresent();
    }

    /** A skip message naming every missing peer and how to install it, or empty if all are there. */
    public static Optional<String> missing(Peer... peers) {
        List<String> parts = new ArrayList<>();
        for (Peer p : peers) {
            if (!isAvailable(p)) {
                parts.add(p == Peer.JEEPNEY
                        ? "python3 with jeepney is not available: " + p.install()
                        : p.program() + " not found on PATH: " + p.install());
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    /** Skips the test (JUnit assumption) unless every peer is there; the message says what to install. */
    public static void assumeAvailable(Peer... peers) {
        Optional<String> why = missing(peers);
        Assumptions.assumeTrue(why.isEmpty(), () -> why.orElseThrow());
    }

    /** Where the peer's program is; skips the test (JUnit assumption), saying what to install, if it is not there. */
    public static Path assumeExecutable(Peer peer) {
        assumeAvailable(peer);
        return executable(peer).orElseThrow();
    }

    /** Looks a program up on {@code PATH}. */
    public static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean imports(Path python, String module) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import " + module)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
