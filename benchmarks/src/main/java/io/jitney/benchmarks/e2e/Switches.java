package io.jitney.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Context switches of a process, summed over its threads, from {@code /proc/PID/task/TID/status}:
 * <em>voluntary</em> ones are the thread going to sleep (waiting in {@code poll}, a read, a lock),
 * <em>involuntary</em> ones the scheduler taking the CPU from it to run something else. A
 * snapshot keeps each thread's counts, so that the difference of two counts only threads alive
 * at the second (a thread that ended in between takes its counts with it).
 */
record Switches(Map<Long, long[]> byThread) {
    /** No process, or not readable: every difference with it is zero. */
    static final Switches NONE = new Switches(Map.of());

    static Switches of(long pid) {
        Map<Long, long[]> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                long[] counts = read(task.resolve("status"));
                if (counts != null) {
                    out.put(Long.parseLong(task.getFileName().toString()), counts);
                }
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        return new Switches(out);
    }

    /** {voluntary, involuntary} from one status file, or null if the thread is gone. */
    static long[] read(Path status) {
        try {
            long[] counts = new long[2];
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    counts[0] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    counts[1] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return counts;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Switches since {@code before}: {voluntary, involuntary}; a thread started since counts from zero. */
    long[] since(Switches before) {
        long[] d = new long[2];
        for (var e : byThread.entrySet()) {
            long[] then = before.byThread.getOrDefault(e.getKey(), new long[2]);
            d[0] += Math.max(0, e.getValue()[0] - then[0]);
            d[1] += Math.max(0, e.getValue()[1] - then[1]);
        }
        return d;
    }
}
