package io.jitney.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs every workload on every peer against one {@link EchoService} on one private
 * {@code dbus-daemon}, interleaving peers (each repetition visits every peer in turn, in an
 * order that rotates and changes direction: {@link #visitingOrder}) so that drift hits all of
 * them alike; takes the median of the repetitions; then measures E2 once more on a second daemon
 * ({@link KeptHeapE2}); writes BENCHMARKS.md and its chart. Started
 * by {@code benchmarks/compare}, which installs the peers and builds what is needed and passes
 * their paths here.
 */
public final class Compare {

    /** How long and how often: {@code --quick} (under 3 minutes on 2 cores) or {@code --full}. */
    record Mode(String name, int reps, double warm, double e1, double e2, int e3, double e4, double m, int alloc,
            int spamCalls, int spamPipelined, List<String> jmhArgs, double jeepneyMarshalSeconds, int pairedRounds,
            double pairedSlice, double profileSeconds) {}

    static final Mode QUICK = new Mode("quick", 3, 1, 0.5, 0.5, 20_000, 0.5, 0.3, 5_000, 3_000, 10_000,
            List.of("MarshalBenchmark.roundTrip", "-f", "1", "-wi", "1", "-w", "1", "-i", "2", "-r", "1"), 0.3, 4, 0.2, 0);
    static final Mode FULL = new Mode("full", 5, 3, 2, 2, 100_000, 2, 1, 20_000, 15_000, 50_000,
            List.of("MarshalBenchmark", "-f", "1", "-wi", "3", "-w", "1", "-i", "5", "-r", "1"), 2, 20, 0.5, 4);

    static final int CALLERS = 64;
    static final List<String> WORKLOADS = List.of("E1", "E2", "E3", "E4", "M1", "M2", "M3");

    /** A peer: its key, what the report calls it, and how to start it (null: missing, with why). */
    record PeerSpec(String key, String label, List<String> command, String missing) {}

    final Mode mode;
    final Map<String, String> opts;
    final Path work;
    final List<PeerSpec> specs = new ArrayList<>();
    final Results results = new Results();
    final List<String> loads = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    Compare(Mode mode, Map<String, String> opts) throws IOException {
        this.mode = mode;
        this.opts = opts;
        this.work = Files.createDirectories(Path.of(opts.getOrDefault("work", "benchmarks/target/compare")));
    }

    /** Medians and raw samples, by peer and metric. */
    static final class Results {
        final Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
        final Map<String, Map<String, String>> notes = new LinkedHashMap<>();

        void add(String peer, String metric, double v) {
            samples.computeIfAbsent(peer, k -> new LinkedHashMap<>()).computeIfAbsent(metric, k -> new ArrayList<>()).add(v);
        }

        void note(String peer, String metric, String text) {
            notes.computeIfAbsent(peer, k -> new LinkedHashMap<>()).putIfAbsent(metric, text);
        }

        String noteFor(String peer, String metric) {
            return notes.getOrDefault(peer, Map.of()).get(metric);
        }

        List<Double> all(String peer, String metric) {
            return samples.getOrDefault(peer, Map.of()).getOrDefault(metric, List.of());
        }

        double median(String peer, String metric) {
            List<Double> v = new ArrayList<>(all(peer, metric));
            if (v.isEmpty()) {
                return Double.NaN;
            }
            v.sort(null);
            int n = v.size();
            return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        }
    }

    public static void main(String[] args) throws Exception {
        Mode mode = QUICK;
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = QUICK;
                case "--full" -> mode = FULL;
                case "--missing" -> missing.add(args[++i]);
                default -> {
                    if (!args[i].startsWith("--") || i + 1 >= args.length) {
                        throw new IllegalArgumentException("bad argument " + args[i]);
                    }
                    opts.put(args[i].substring(2), args[++i]);
                }
            }
        }
        var compare = new Compare(mode, opts);
        for (String m : missing) {
            int eq = m.indexOf('=');
            compare.opts.put("missing." + m.substring(0, eq), m.substring(eq + 1));
        }
        compare.run();
    }

    /** The {@code java} of the JVM running this: every JVM the run starts is the same one. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private List<String> jvm(String mainClass, String... args) {
        var cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp", opts.get("jar"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    void say(String text) {
        System.err.println("compare: " + text);
        log.add(text);
    }

    /**
     * Starts every peer that has a command and waits for each to say READY; a peer that does not
     * is reported missing (its {@code .err} file named with {@code tag}) and left out.
     */
    Map<String, PeerProcess> startPeers(List<PeerSpec> list, String tag) throws IOException, InterruptedException {
        Map<String, PeerProcess> running = new LinkedHashMap<>();
        for (PeerSpec spec : list) {
            if (spec.command() == null) {
                say("peer " + spec.key() + " MISSING: " + spec.missing());
                continue;
            }
            Path err = work.resolve(spec.key() + tag + ".err");
            var p = new PeerProcess(spec.key(), spec.command(), err);
            String failed = p.awaitReady(60);
            if (failed != null) {
                say("peer " + spec.key() + " MISSING: did not start: " + failed + " (see " + err + ")");
                p.close();
                opts.put("missing." + spec.key() + tag, "did not start: " + failed);
                continue;
            }
            running.put(spec.key(), p);
        }
        return running;
    }

    List<String> serviceCommand(String address) {
        return jvm(EchoService.class.getName(), address);
    }

    /** Every peer, each with its command for a bus at {@code address} (or why it is missing). */
    List<PeerSpec> peerSpecs(String address) {
        String peers = opts.get("peers-dir");
        String driver = Driver.class.getName();
        List<PeerSpec> specs = new ArrayList<>();
        specs.add(new PeerSpec("jitney-blocking", "Jitney blocking", jvm(driver, "jitney-blocking", address), null));
        specs.add(new PeerSpec("jitney-threading", "Jitney threading", jvm(driver, "jitney-threading", address), null));
        specs.add(new PeerSpec("jitney-async", "Jitney async", jvm(driver, "jitney-async", address), null));
        specs.add(peer("jeepney", "Jeepney", "jeepney-python", p -> List.of(p, peers + "/jeepney_client.py", address)));
        specs.add(peer("dbus-fast", "dbus-fast", "dbus-fast-python", p -> List.of(p, peers + "/dbus_fast_client.py", address)));
        specs.add(opts.containsKey("missing.dbus-java")
                ? new PeerSpec("dbus-java", "dbus-java", null, opts.get("missing.dbus-java"))
                : new PeerSpec("dbus-java", "dbus-java", jvm(driver, "dbus-java", address), null));
        specs.add(peer("c", "C (sd-bus; libdbus for M)", "c-client", p -> List.of(p, address)));
        return specs;
    }

    private PeerSpec peer(String key, String label, String opt, java.util.function.Function<String, List<String>> cmd) {
        String path = opts.get(opt);
        if (path == null) {
            return new PeerSpec(key, label, null, opts.getOrDefault("missing." + key, "not found (no --" + opt + ")"));
        }
        return new PeerSpec(key, label, cmd.apply(path), null);
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0];
        } catch (IOException e) {
            return "?";
        }
    }

    void run() throws Exception {
        long t0 = System.nanoTime();
        loads.add("start " + loadavg());
        String started = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
        Map<String, String> machine = Machine.describe(opts);
        try (var bus = PrivateBus.start(opts.getOrDefault("dbus-daemon", "dbus-daemon"))) {
            say("private bus " + bus.address() + " (pid " + bus.pid() + ")");
            String address = bus.address();
            var service = new PeerProcess("echo-service", serviceCommand(address), work.resolve("service.err"));
            String why = service.awaitReady(60);
            if (why != null) {
                throw new IllegalStateException("the Jitney echo service did not start: " + why + " (see " + work + "/service.err)");
            }
            Process testEcho = null;
            if (opts.containsKey("dbus-test-tool")) {
                var pb = new ProcessBuilder(opts.get("dbus-test-tool"), "echo", "--name=org.example.TestEcho")
                        .redirectErrorStream(true).redirectOutput(work.resolve("test-echo.out").toFile());
                pb.environment().put("DBUS_SESSION_BUS_ADDRESS", address);
                testEcho = pb.start();
                Thread.sleep(300);
            }
            specs.addAll(peerSpecs(address));
            Map<String, PeerProcess> running = startPeers(specs, "");
            long servicePid = service.pid();
            try {
                warmUp(running);
                for (int rep = 0; rep < mode.reps(); rep++) {
                    loads.add("rep " + (rep + 1) + " " + loadavg());
                    say(fmt("repetition %d of %d (load %s, %.0f s so far)", rep + 1, mode.reps(), loadavg(), elapsed()));
                    List<PeerProcess> order = visitingOrder(new ArrayList<>(running.values()), rep);
                    for (String w : WORKLOADS) {
                        for (PeerProcess p : order) {
                            measure(p, w, w, servicePid, bus.pid());
                        }
                        if (w.equals("E1")) {
                            spam(address, "org.example.TestEcho", "spam→dbus-test-tool echo", mode.spamCalls(), 1);
                            spam(address, EchoService.NAME, "spam→Jitney service", mode.spamCalls(), 1);
                        } else if (w.equals("E4")) {
                            spam(address, "org.example.TestEcho", "spam→dbus-test-tool echo", mode.spamPipelined(), CALLERS);
                            spam(address, EchoService.NAME, "spam→Jitney service", mode.spamPipelined(), CALLERS);
                        }
                    }
                    for (PeerProcess p : order) {
                        String a = p.command("ALLOC " + mode.alloc(), 600);
                        record(p.name(), "ALLOC", a, ans -> Double.parseDouble(ans.get("bytes")));
                    }
                }
            } finally {
                running.values().forEach(PeerProcess::close);
                if (testEcho != null) {
                    testEcho.destroy();
                }
                service.close();
            }
        }
        loads.add("end of end-to-end " + loadavg());
        say(fmt("end-to-end done after %.0f s", elapsed()));
        KeptHeapE2.run(this);
        if (!opts.containsKey("no-jmh")) {
            Foundation.run(this);
        }
        Foundation.runPaired(this);
        Foundation.runProfiles(this);
        loads.add("end " + loadavg());
        double minutes = (System.nanoTime() - t0) / 60e9;
        Report.write(this, started, machine, minutes);
    }

    /**
     * The order in which repetition {@code rep} visits the peers: rotated by {@code rep}, so that
     * peers change places, and reversed on odd repetitions, so that no peer always runs right
     * after the same other one (a peer can leave the daemon and the service in a state that the
     * next one pays for; a plain rotation would charge it to the same peer every time).
     */
    static <T> List<T> visitingOrder(List<T> list, int rep) {
        var out = new ArrayList<T>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get((i + rep) % list.size()));
        }
        if (rep % 2 == 1) {
            Collections.reverse(out);
        }
        return out;
    }

    /**
     * Runs every workload once on every peer, untimed: the JVMs compile their hot paths (C2 wants
     * some ten thousand calls), and every peer's caches and the daemon's buffers are warm.
     */
    private void warmUp(Map<String, PeerProcess> running) throws Exception {
        say("warming up (JIT, caches): " + mode.warm() + " s per end-to-end workload and peer");
        for (String w : WORKLOADS) {
            for (PeerProcess p : running.values()) {
                double secs = w.startsWith("M") ? Math.min(mode.warm(), 0.5) : mode.warm();
                String cmd = command(w, secs, Math.max(2000, mode.e3() / 4));
                p.command(cmd, 600);
            }
        }
        say(fmt("warm-up done after %.0f s", elapsed()));
    }

    private final long startNanos = System.nanoTime();

    double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    String command(String workload, double seconds, int signals) {
        return switch (workload) {
            case "E1" -> "E1 " + seconds;
            case "E2" -> "E2 " + seconds;
            case "E3" -> "E3 " + signals;
            case "E4" -> "E4 " + seconds + " " + CALLERS;
            default -> "M " + workload + " " + seconds;
        };
    }

    /**
     * Runs workload {@code w} once on {@code p} and records its rate, and the CPU, sleeps,
     * preemptions, and the daemon's and the client's page faults per operation around it, under the
     * name {@code as}.
     */
    void measure(PeerProcess p, String w, String as, long servicePid, long daemonPid) throws Exception {
        double secs = switch (w) {
            case "E1" -> mode.e1();
            case "E2" -> mode.e2();
            case "E4" -> mode.e4();
            default -> mode.m();
        };
        boolean endToEnd = w.startsWith("E");
        Switches cs0 = endToEnd ? Switches.of(p.pid()) : Switches.NONE;
        Switches ss0 = endToEnd ? Switches.of(servicePid) : Switches.NONE;
        Switches ds0 = endToEnd ? Switches.of(daemonPid) : Switches.NONE;
        long c0 = p.cpuNanos(), s0 = PeerProcess.cpuNanos(servicePid), d0 = PeerProcess.cpuNanos(daemonPid);
        long f0 = PeerProcess.minorFaults(daemonPid), cf0 = PeerProcess.minorFaults(p.pid());
        String answer = p.command(command(w, secs, mode.e3()), 600);
        long c1 = p.cpuNanos(), s1 = PeerProcess.cpuNanos(servicePid), d1 = PeerProcess.cpuNanos(daemonPid);
        long f1 = PeerProcess.minorFaults(daemonPid), cf1 = PeerProcess.minorFaults(p.pid());
        long[] cs = endToEnd ? Switches.of(p.pid()).since(cs0) : null;
        long[] ss = endToEnd ? Switches.of(servicePid).since(ss0) : null;
        long[] ds = endToEnd ? Switches.of(daemonPid).since(ds0) : null;
        Map<String, String> a = record(p.name(), as, answer, ans -> switch (w) {
            case "E1", "E4" -> Double.parseDouble(ans.get("calls")) / Double.parseDouble(ans.get("secs"));
            case "E2" -> Double.parseDouble(ans.get("calls")) / Double.parseDouble(ans.get("secs")); // 1 MiB each
            case "E3" -> Double.parseDouble(ans.get("signals")) / Double.parseDouble(ans.get("secs"));
            default -> Double.parseDouble(ans.get("ops")) / Double.parseDouble(ans.get("secs"));
        });
        if (a == null) {
            return;
        }
        if (w.equals("E1")) {
            results.add(p.name(), as + ".p50", Double.parseDouble(a.get("p50us")));
            results.add(p.name(), as + ".p99", Double.parseDouble(a.get("p99us")));
        }
        if (w.startsWith("E")) {
            double ops = Double.parseDouble(a.getOrDefault("calls", a.getOrDefault("signals", "0")));
            if (ops > 0) {
                results.add(p.name(), "cpu.client." + as, (c1 - c0) / 1e3 / ops);
                results.add(p.name(), "cpu.service." + as, (s1 - s0) / 1e3 / ops);
                results.add(p.name(), "cpu.daemon." + as, (d1 - d0) / 1e3 / ops);
                results.add(p.name(), "sleeps.client." + as, cs[0] / ops);
                results.add(p.name(), "preempted.service." + as, ss[1] / ops);
                results.add(p.name(), "preempted.daemon." + as, ds[1] / ops);
                if (f0 >= 0 && f1 >= 0) {
                    results.add(p.name(), "faults.daemon." + as, (f1 - f0) / ops);
                }
                if (cf0 >= 0 && cf1 >= 0) {
                    results.add(p.name(), "faults.client." + as, (cf1 - cf0) / ops);
                }
            }
        }
    }

    interface Value {
        double of(Map<String, String> answer);
    }

    /** Parses an answer and records its value; returns the answer's fields, or null if it was not OK. */
    private Map<String, String> record(String peer, String metric, String answer, Value value) {
        if (answer.startsWith("OK")) {
            Map<String, String> fields = new TreeMap<>();
            for (String kv : answer.substring(2).trim().split("\\s+")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    fields.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            results.add(peer, metric, value.of(fields));
            return fields;
        }
        results.note(peer, metric, answer);
        if (answer.startsWith("ERR")) {
            say(peer + " " + metric + ": " + answer);
        }
        return null;
    }

    /** {@code dbus-test-tool spam}: {@code count} calls, {@code queue} in flight; calls/s from its wall time. */
    private void spam(String address, String dest, String label, int count, int queue) throws Exception {
        String tool = opts.get("dbus-test-tool");
        String metric = queue == 1 ? "E1" : "E4";
        if (tool == null) {
            results.note(label, metric, "missing: " + opts.getOrDefault("missing.dbus-test-tool", "dbus-test-tool not found"));
            return;
        }
        var cmd = new ArrayList<>(List.of(tool, "spam", "--dest=" + dest, "--count=" + count));
        if (queue > 1) {
            cmd.add("--queue=" + queue);
        }
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.appendTo(work.resolve("spam.out").toFile()));
        pb.environment().put("DBUS_SESSION_BUS_ADDRESS", address);
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            results.note(label, metric, "ERR timed out");
            return;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        if (p.exitValue() != 0) {
            results.note(label, metric, "ERR exit " + p.exitValue() + " (see spam.out)");
            return;
        }
        results.add(label, metric, count / secs);
    }

    /** Runs a command and returns its output (stdout and stderr), or null if it failed to run. */
    static String output(List<String> command, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
