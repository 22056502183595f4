package io.jitney.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs real D-Bus peers and tools (see {@link Peers}) with a time bound, and never leaves one
 * running: a run that overstays its time is killed (with its children) and fails the test.
 *
 * <p>The child gets no session or system bus address in its environment, so it can reach only
 * the private bus it is told about.
 */
public final class Processes {
    private Processes() {}

    /** How a finished program ended. */
    public record Run(List<String> command, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return String.join(" ", command) + "\nexited " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    /** Runs {@code command} to its end, at most {@code timeout}; stdout and stderr as UTF-8. */
    public static Run run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jitney-interop-", ".out");
        Path err = Files.createTempFile("jitney-interop-", ".err");
        Process p = builder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "; stderr so far: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            kill(p);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * A long-running peer: started, and its first stdout line awaited (at most {@code timeout}).
     * Its stderr goes to {@code stderr}, for failure messages.
     */
    public record Started(Process process, String firstLine) {}

    public static Started start(Duration timeout, Path stderr, List<String> command) throws IOException, InterruptedException {
        Process p = builder(command).redirectError(stderr.toFile()).start();
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        }, r -> Thread.ofVirtual().start(r));
        boolean ok = false;
        try {
            String first = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null) {
                throw new AssertionError(String.join(" ", command) + " printed nothing and ended; stderr: "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            ok = true;
            return new Started(p, first);
        } catch (TimeoutException e) {
            throw new AssertionError(String.join(" ", command) + " printed nothing within " + timeout + "; stderr: "
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            if (!ok) {
                kill(p);
            }
        }
    }

    /** Kills the process and its children, and waits a little for them to go. */
    public static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    private static ProcessBuilder builder(List<String> command) {
        var pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.remove("DBUS_SESSION_BUS_ADDRESS");
        env.remove("DBUS_SYSTEM_BUS_ADDRESS");
        env.remove("DBUS_STARTER_ADDRESS");
        env.remove("DBUS_STARTER_BUS_TYPE");
        return pb;
    }
}
