package io.jitney.testing;

import io.jitney.testing.Peers.Peer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Jeepney side of the fd-passing interop tests: a Python process running
 * {@code jeepney_fd_peer.py} (a test resource; see its docstring) with Jeepney's blocking
 * integration and {@code enable_fds=True}.
 *
 * <pre>{@code
 * JeepneyFdPeer.assumeAvailable();                          // skips: "pip install jeepney"
 * try (var service = JeepneyFdPeer.service(address, "io.jitney.test.Jeepney")) {
 *     ... call io.jitney.FdTest.ReadFile(h) on it ...
 * }
 * String out = JeepneyFdPeer.client(address, jitneyName, "hello").awaitOutput();  // "READ:hello"
 * }</pre>
 */
public final class JeepneyFdPeer implements AutoCloseable {
    /** Object path and interface both sides use. */
    public static final String PATH = "/io/jitney/FdTest";
    public static final String INTERFACE = "io.jitney.FdTest";

    private static final Duration START = Duration.ofSeconds(20);

    private final Process process;
    private final Path dir;
    private final Path out;
    private final Path err;

    private JeepneyFdPeer(List<String> args) throws IOException {
        this.dir = Files.createTempDirectory("jitney-jeepney-");
        Path script = dir.resolve("jeepney_fd_peer.py");
        try (InputStream in = JeepneyFdPeer.class.getResourceAsStream("jeepney_fd_peer.py")) {
            if (in == null) {
                throw new IOException("test resource io/jitney/testing/jeepney_fd_peer.py is missing");
            }
            Files.copy(in, script);
        }
        this.out = dir.resolve("stdout");
        this.err = dir.resolve("stderr");
        var command = new java.util.ArrayList<String>();
        command.add(Peers.executable(Peer.JEEPNEY).orElseThrow().toString());
        command.add("-u");
        command.add(script.toString());
        command.addAll(args);
        this.process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    }

    /** Skips the test unless python3 with jeepney is there; the message says {@code pip install jeepney}. */
    public static void assumeAvailable() {
        Peers.assumeAvailable(Peer.JEEPNEY);
    }

    /** Starts the Jeepney service owning {@code name} on the bus at {@code address}; returns once it owns it. */
    public static JeepneyFdPeer service(String address, String name) throws Exception {
        var peer = new JeepneyFdPeer(List.of("service", address, name));
        try {
            peer.awaitLine("READY", START);
        } catch (Exception e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** Starts the Jeepney client that asks {@code destination} to write {@code text} into a pipe. */
    public static JeepneyFdPeer client(String address, String destination, String text) throws IOException {
        return new JeepneyFdPeer(List.of("client", address, destination, text));
    }

    /** Waits for the process to exit (0) and returns what it printed, trimmed. */
    public String awaitOutput() throws Exception {
        if (!process.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jeepney peer did not finish within " + START + "; stdout: " + read(out)
                    + "; stderr: " + read(err));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("jeepney peer exited with " + process.exitValue() + "; stdout: " + read(out)
                    + "; stderr: " + read(err));
        }
        return read(out).strip();
    }

    /** Waits until the process has printed {@code line}. */
    public void awaitLine(String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (read(out).lines().anyMatch(line::equals)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("jeepney peer exited with " + process.exitValue() + " before printing "
                        + line + "; stdout: " + read(out) + "; stderr: " + read(err));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("jeepney peer did not print " + line + " within " + timeout + "; stdout: "
                + read(out) + "; stderr: " + read(err));
    }

    /** What the process wrote to stderr so far. */
    public String stderr() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Stops the process if it still runs and removes its files. */
    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
