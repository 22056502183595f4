package io.jitney.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The foundation issue's marshalling report: JMH's {@code MarshalBenchmark} with {@code -prof gc}
 * (messages/s and bytes allocated per message for payloads (a)–(e)), and Jeepney on the same
 * payloads ({@code benchmarks/jeepney_marshal.py}) right after, in the same run.
 */
final class Foundation {
    private Foundation() {}

    static final List<String> PAYLOADS = List.of("echoDict", "notify", "managedObjects", "bytes1MiB", "structs");
    static final List<String> BENCHMARKS = List.of("serialize", "parse", "roundTrip");

    /** JMH: payload → benchmark → {ops/s, bytes/op}. */
    static final Map<String, Map<String, double[]>> JMH = new LinkedHashMap<>();
    /** Jeepney: payload → {serialise/s, parse/s, round trip/s}. */
    static final Map<String, double[]> JEEPNEY = new LinkedHashMap<>();
    /**
     * PairedMarshal: payload → {Jitney/s, dbus-java/s, median paired ratio, lowest, highest,
     * Jitney building each message/s, its median paired ratio, lowest, highest}.
     */
    static final Map<String, double[]> PAIRED = new LinkedHashMap<>();
    static String pairedCommand = "";
    private static final Pattern PAIRED_LINE = Pattern.compile(
            "(M\\d): Jitney (\\d+)/s, Jitney building each message (\\d+)/s, dbus-java (\\d+)/s .*"
                    + "paired: median ([\\d.]+), range ([\\d.]+) to ([\\d.]+); "
                    + "building each message: median ([\\d.]+), range ([\\d.]+) to ([\\d.]+)");
    /** MarshalProfile: "M2 serialize" → the methods most often on top of the sampled stacks. */
    static final Map<String, MarshalProfile.Profile> PROFILES = new LinkedHashMap<>();
    static String profileCommand = "";
    static String jmhCommand = "";
    static String jeepneyCommand = "";
    static String problem;

    static void run(Compare c) throws IOException, InterruptedException {
        Path csv = c.work.resolve("jmh.csv");
        Files.deleteIfExists(csv);
        var cmd = new ArrayList<>(List.of(Compare.java(), "-Duser.language=en", "-jar",
                c.opts.get("jar")));
        cmd.addAll(c.mode.jmhArgs());
        cmd.addAll(List.of("-prof", "gc", "-rf", "csv", "-rff", csv.toString()));
        jmhCommand = "java " + String.join(" ", cmd.subList(2, cmd.size())).replace(c.opts.get("jar"), "benchmarks/target/benchmarks.jar")
                .replace(csv.toString(), "jmh.csv");
        System.err.println("compare: JMH " + jmhCommand);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(c.work.resolve("jmh.out").toFile()).start();
        p.waitFor();
        if (p.exitValue() != 0 || !Files.exists(csv)) {
            problem = "JMH failed (exit " + p.exitValue() + "; see " + c.work.resolve("jmh.out") + ")";
        } else {
            parseCsv(Files.readAllLines(csv));
        }
        String py = c.opts.get("jeepney-python");
        if (py != null) {
            var jc = List.of(py, c.opts.get("peers-dir") + "/../jeepney_marshal.py", String.valueOf(c.mode.jeepneyMarshalSeconds()));
            jeepneyCommand = "python3 benchmarks/jeepney_marshal.py " + c.mode.jeepneyMarshalSeconds();
            System.err.println("compare: " + jeepneyCommand);
            String out = Compare.output(jc, 1800);
            if (out != null) {
                for (String line : out.split("\n")) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length == 4 && PAYLOADS.contains(f[0])) {
                        JEEPNEY.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                                Double.parseDouble(f[3])});
                    }
                }
            }
        }
    }

    /**
     * Jitney's and dbus-java's marshalling in one fresh JVM, in alternating slices
     * ({@link PairedMarshal}): a ratio that the machine's drift cancels out of.
     */
    static void runPaired(Compare c) {
        if (c.opts.containsKey("missing.dbus-java")) {
            return;
        }
        String java = Compare.java();
        pairedCommand = "java -cp benchmarks/target/benchmarks.jar " + PairedMarshal.class.getName() + " M1|M2|M3 "
                + c.mode.pairedRounds() + " " + c.mode.pairedSlice();
        System.err.println("compare: " + pairedCommand);
        for (String m : List.of("M1", "M2", "M3")) {
            String out = Compare.output(List.of(java, "-Duser.language=en", "-cp", c.opts.get("jar"),
                    PairedMarshal.class.getName(), m, String.valueOf(c.mode.pairedRounds()),
                    String.valueOf(c.mode.pairedSlice())), 600);
            parsePaired(out).ifPresent(v -> PAIRED.put(m, v));
        }
    }

    /**
     * Jitney's serialise and parse of each payload, profiled with JFR in a JVM of its own
     * ({@link MarshalProfile}); not in quick mode. A profile that fails is left out of the report
     * with a line saying so.
     */
    static void runProfiles(Compare c) {
        if (c.mode.profileSeconds() <= 0) {
            return;
        }
        String java = Compare.java();
        profileCommand = String.join(" ", MarshalProfile.command("java", "benchmarks/target/benchmarks.jar",
                Path.of("M1-serialize.jfr"), "M1|M2|M3", "serialize|parse", c.mode.profileSeconds()));
        System.err.println("compare: " + profileCommand);
        for (String m : List.of("M1", "M2", "M3")) {
            for (String mode : List.of("serialize", "parse")) {
                Path jfr = c.work.resolve(m + "-" + mode + ".jfr");
                String out = Compare.output(MarshalProfile.command(java, c.opts.get("jar"), jfr, m, mode,
                        c.mode.profileSeconds()), 120);
                try {
                    if (out == null || !out.contains("OK ops=") || !Files.exists(jfr)) {
                        throw new IOException("no recording (" + out + ")");
                    }
                    PROFILES.put(m + " " + mode, MarshalProfile.top(jfr, 8));
                } catch (IOException e) {
                    System.err.println("compare: profiling " + m + " " + mode + " failed: " + e.getMessage());
                }
            }
        }
    }

    /** The figures of PairedMarshal's summary line, if {@code out} has one. */
    static Optional<double[]> parsePaired(String out) {
        if (out == null) {
            return Optional.empty();
        }
        var m = PAIRED_LINE.matcher(out);
        if (!m.find()) {
            return Optional.empty();
        }
        // groups: 2 Jitney, 3 Jitney building, 4 dbus-java, 5-7 ratio median/low/high, 8-10 building's
        int[] order = {2, 4, 5, 6, 7, 3, 8, 9, 10};
        double[] v = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            v[i] = Double.parseDouble(m.group(order[i]));
        }
        return Optional.of(v);
    }

    private static void parseCsv(List<String> lines) {
        // "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: payload"
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = splitCsv(line);
            if (f.size() < 8) {
                continue;
            }
            String bench = f.get(0);
            String payload = f.get(7);
            double score = Double.parseDouble(f.get(4));
            String name = bench.substring(bench.indexOf("MarshalBenchmark.") + "MarshalBenchmark.".length());
            int colon = name.indexOf(':');
            String method = colon < 0 ? name : name.substring(0, colon);
            double[] slot = JMH.computeIfAbsent(payload, k -> new LinkedHashMap<>())
                    .computeIfAbsent(method, k -> new double[] {Double.NaN, Double.NaN});
            if (colon < 0) {
                slot[0] = score;
            } else if (name.endsWith(":gc.alloc.rate.norm")) {
                slot[1] = score;
            }
        }
    }

    private static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        var cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
