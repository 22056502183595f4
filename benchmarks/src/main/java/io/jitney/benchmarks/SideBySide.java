package io.jitney.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two builds of Jitney's marshaller in one JVM, timed in alternation: for telling a change of a
 * few per cent from the noise of a shared machine. Separate JVM runs on the 2-core test machine
 * differ by up to ±30 % in either direction (the host's load moves under them); two builds loaded
 * side by side see the same load, and the ratio of paired rounds cancels it.
 *
 * <pre>
 * # build the old version's core jar, e.g. from a worktree of the base commit, then:
 * java -cp benchmarks/target/benchmarks.jar io.jitney.benchmarks.SideBySide \
 *      old-core.jar core/target/jitney-core-0.1.0-SNAPSHOT.jar M1 roundTrip 40 50000
 * </pre>
 *
 * <p>Each build gets a class loader of its own (its jar first, then this harness for
 * {@link Payloads} and {@link Workload}), so each has its own classes, caches and compiled
 * code. Rounds alternate which build goes first. The report gives each build's min, first
 * quartile and median ns per operation, how many paired rounds B won, and the median of the
 * paired ratios B/A. Run A against itself to see this machine's floor: the two copies of one
 * build are compiled separately and can differ by a few per cent.
 */
public final class SideBySide {
    private SideBySide() {}

    /** What one build does; loaded once per class loader. */
    public static final class Workload {
        private Workload() {}

        private static io.jitney.message.Message message;
        private static io.jitney.message.MessageWriter writer;
        private static io.jitney.message.MessageParser parser;
        private static byte[] bytes;
        private static String mode;
        /** Keeps results reachable so the work cannot be optimised away. */
        public static volatile Object sink;

        /**
         * Prepares a payload (M1, M2, M3) and a mode (roundTrip, serialize, parse), and checks
         * that this build parses what it writes back to an equal body.
         */
        public static void init(String payload, String workMode) {
            message = switch (payload) {
                case "M1" -> Payloads.echoDict();
                case "M2" -> Payloads.notify_();
                case "M3" -> Payloads.managedObjects();
                default -> throw new IllegalArgumentException("unknown payload " + payload + " (M1, M2, M3)");
            };
            if (!List.of("roundTrip", "serialize", "parse").contains(workMode)) {
                throw new IllegalArgumentException("unknown mode " + workMode + " (roundTrip, serialize, parse)");
            }
            mode = workMode;
            writer = new io.jitney.message.MessageWriter();
            parser = new io.jitney.message.MessageParser();
            bytes = message.serialize(1);
            parser.feed(bytes);
            var back = parser.next();
            if (back == null || !back.body().equals(message.body())) {
                throw new IllegalStateException("this build does not parse back what it wrote for " + payload);
            }
        }

        /** Runs {@code n} operations; returns the nanoseconds they took. */
        public static long run(int n) {
            long start = System.nanoTime();
            switch (mode) {
                case "roundTrip" -> {
                    for (int i = 0; i < n; i++) {
                        parser.feed(writer.write(message, 1));
                        sink = parser.next();
                    }
                }
                case "serialize" -> {
                    for (int i = 0; i < n; i++) {
                        sink = writer.write(message, 1);
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        parser.feed(bytes);
                        sink = parser.next();
                    }
                }
            }
            return System.nanoTime() - start;
        }
    }

    /** Per round, each build's ns per operation. */
    public record Result(double[] a, double[] b) {
        /** The median over rounds of b's time divided by a's in the same round. */
        public double medianRatio() {
            double[] r = new double[a.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = b[i] / a[i];
            }
            return median(r);
        }

        /** Rounds in which b was faster. */
        public int bWins() {
            int wins = 0;
            for (int i = 0; i < a.length; i++) {
                if (b[i] < a[i]) {
                    wins++;
                }
            }
            return wins;
        }
    }

    /**
     * Loads both builds, warms them up, then times {@code rounds} pairs of {@code ops}
     * operations, alternating which build runs first.
     */
    public static Result compare(Path a, Path b, String payload, String mode, int rounds, int ops) throws Throwable {
        MethodHandle runA = load(a, payload, mode);
        MethodHandle runB = load(b, payload, mode);
        MethodHandle[] runs = {runA, runB};
        for (int w = 0; w < 10; w++) {
            for (MethodHandle run : runs) {
                long unused = (long) run.invokeExact(ops);
            }
        }
        double[][] t = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int which = (r + k) % 2;
                t[which][r] = (long) runs[which].invokeExact(ops) / (double) ops;
            }
        }
        return new Result(t[0], t[1]);
    }

    private static MethodHandle load(Path build, String payload, String mode) throws Throwable {
        if (!Files.exists(build)) {
            throw new IllegalArgumentException("no such build: " + build);
        }
        URL harness = SideBySide.class.getProtectionDomain().getCodeSource().getLocation();
        var loader = new URLClassLoader(new URL[] {build.toUri().toURL(), harness}, ClassLoader.getPlatformClassLoader());
        Class<?> workload = loader.loadClass(Workload.class.getName());
        var lookup = MethodHandles.publicLookup();
        lookup.findStatic(workload, "init", MethodType.methodType(void.class, String.class, String.class))
                .invoke(payload, mode);
        return lookup.findStatic(workload, "run", MethodType.methodType(long.class, int.class));
    }

    /** The middle value (the upper of the two middle ones for an even count); {@code values} is not changed. */
    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String summary(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return String.format("min %.0f  p25 %.0f  median %.0f ns/op", s[0], s[s.length / 4], s[s.length / 2]);
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 4) {
            System.err.println("usage: SideBySide A.jar B.jar M1|M2|M3 roundTrip|serialize|parse [rounds=40] [ops=50000]");
            System.exit(2);
        }
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        int ops = args.length > 5 ? Integer.parseInt(args[5]) : 50_000;
        Result r = compare(Path.of(args[0]), Path.of(args[1]), args[2], args[3], rounds, ops);
        List<String> lines = new ArrayList<>();
        lines.add("A " + args[0] + ": " + summary(r.a()));
        lines.add("B " + args[1] + ": " + summary(r.b()));
        lines.add(String.format("%s %s: B/A %.3f (median of %d paired rounds); B faster in %d of them",
                args[2], args[3], r.medianRatio(), rounds, r.bWins()));
        lines.forEach(System.out::println);
    }
}
