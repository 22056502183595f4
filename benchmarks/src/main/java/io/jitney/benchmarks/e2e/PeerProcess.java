package io.jitney.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** A long-lived client process that speaks the {@link Driver} line protocol. */
final class PeerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);

    PeerProcess(String name, List<String> command, Path stderr) throws IOException {
        this.name = name;
        this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().name("peer-" + name).start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.put(line);
                }
            } catch (IOException | InterruptedException e) {
                // the process ended
            }
        });
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the {@code READY} line; null if it came, else why not. */
    String awaitReady(long seconds) throws InterruptedException {
        String line = lines.poll(seconds, TimeUnit.SECONDS);
        if (line != null && line.startsWith("READY")) {
            return null;
        }
        return line == null ? (process.isAlive() ? "no READY within " + seconds + " s" : "exited with " + process.exitValue())
                : "said " + line;
    }

    /** Sends a command and waits for its answer line. */
    String command(String command, long timeoutSeconds) throws IOException, InterruptedException {
        in.write(command + "\n");
        in.flush();
        String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (line == null) {
            return "ERR no answer within " + timeoutSeconds + " s" + (process.isAlive() ? "" : " (exited)");
        }
        return line;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time (user + system) of the process so far, in nanoseconds, exited threads included. */
    long cpuNanos() {
        return cpuNanos(process.pid());
    }

    /**
     * From {@code /proc/PID/stat} (utime + stime, in clock ticks of 10 ms: Linux's USER_HZ is 100),
     * which, unlike per-thread counters, keeps the time of threads that have exited.
     */
    static long cpuNanos(long pid) {
        String[] f = stat(pid);
        return f == null ? -1 : (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    /**
     * Minor page faults of the process so far ({@code minflt} of {@code /proc/PID/stat}): each is
     * a page the kernel had to map, and for memory new to the process, zero, on first touch.
     */
    static long minorFaults(long pid) {
        String[] f = stat(pid);
        return f == null ? -1 : Long.parseLong(f[7]);
    }

    /** The fields of {@code /proc/PID/stat} after the command name, from the state on; null if unreadable. */
    private static String[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            in.write("QUIT\n");
            in.flush();
            in.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
