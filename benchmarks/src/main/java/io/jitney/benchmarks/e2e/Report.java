package io.jitney.benchmarks.e2e;

import static io.jitney.benchmarks.e2e.Compare.fmt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes BENCHMARKS.md and the ratio chart from one {@link Compare} run. */
final class Report {
    private Report() {}

    static final List<String> JITNEY = List.of("jitney-blocking", "jitney-threading", "jitney-async");
    static final List<String> OTHERS = List.of("c", "jeepney", "dbus-fast", "dbus-java");
    static final String[] SPAM = {"spam→dbus-test-tool echo", "spam→Jitney service"};

    static void write(Compare c, String started, Map<String, String> machine, double minutes) throws IOException {
        Path out = Path.of(c.opts.getOrDefault("out", "BENCHMARKS.md"));
        Path png = Path.of(c.opts.getOrDefault("png", "benchmarks/ratios.png"));
        Results r = new Results(c);
        var md = new StringBuilder();
        String command = c.opts.getOrDefault("command", "benchmarks/compare --" + c.mode.name());
        md.append("# Benchmarks\n\n");
        md.append("Written by `").append(command).append("` — every figure below comes from that one run; ")
                .append("rerun it to refresh this file and the chart. Do not edit the figures by hand.\n\n");
        md.append("- **Date:** ").append(started).append(fmt(" (the run took %.1f minutes)\n", minutes));
        md.append("- **Command:** `").append(command).append("` (").append(c.mode.name()).append(" mode: ")
                .append(c.mode.reps()).append(" repetitions; E1, E2, E4 ").append(c.mode.e1()).append(" s each; E3 ")
                .append(c.mode.e3()).append(" signals; marshal ").append(c.mode.m()).append(" s per payload; ")
                .append(c.mode.warm()).append(" s warm-up per end-to-end workload and peer first; heap/call over ")
                .append(c.mode.alloc()).append(" calls)\n");
        md.append("- **Load** (1-minute average, from /proc/loadavg): ").append(String.join("; ", c.loads)).append('\n');
        String loadNote = c.opts.get("load-note");
        if (loadNote != null) {
            md.append("- **Note on load:** ").append(loadNote).append('\n');
        }
        md.append("\n| machine | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));

        md.append("""

                ## Method

                One private `dbus-daemon` (a session-type config, `unix:path=` listener), one **Jitney echo
                service** (`benchmarks/src/main/java/io/jitney/benchmarks/e2e/EchoService.java`, a blocking
                connection on one thread: `Echo(s)→s`, `EchoBytes(ay)→ay`, `Emit(u n)` → n `Tick(u i, s text)`
                signals sent to the caller), and one long-lived client process per peer, each driven over a
                line protocol (`Driver.java`, `peers/*.py`, `peers/c_client.c`) so that every peer is timed by
                the same rules. Each repetition runs every workload on every peer in turn (the order rotates
                each repetition and runs backwards every other one, so no peer always follows the same
                peer), so drift hits all peers alike; each figure is the **median** of the
                repetitions. Every client checks what it gets back (the echoed string or bytes, each tick's
                number and text), so no peer can be fast by being wrong.

                - **E1** sequential `Echo("hello")` round trips: calls/s, and p50/p99 latency of the calls.
                - **E2** sequential `EchoBytes` of 1 MiB: MiB/s of payload echoed (1 MiB out and 1 MiB back per call).
                  Measured twice: in the main pass, and after it on a second daemon whose C library keeps the
                  memory it frees (see *E2 and the daemon's memory*).
                - **E3** `Emit(n)`, then receive the n ticks: signals/s from sending `Emit` to the last tick.
                - **E4** 64 concurrent callers of `Echo` on **one** connection (the C client and Jitney blocking
                  pipeline 64 calls on one thread; see the concurrency column): calls/s.
                - **M1/M2/M3** in-process serialise + parse (no I/O) of the foundation's payloads (a) `a{sv}`
                  10 entries, (b) `Notify`, (c) `GetManagedObjects` 20×3×8: messages/s. For C this is libdbus's
                  `dbus_message_marshal` + `dbus_message_demarshal` and reading every value (sd-bus has no public
                  call that parses a message from bytes).
                - **Heap/call**: bytes allocated on the heap per E1 round trip by all threads of the client JVM
                  (`ThreadMXBean.getTotalThreadAllocatedBytes` around N calls).

                """);

        md.append("## End to end, through the daemon (median of ").append(c.mode.reps()).append(")\n\n");
        md.append("Each figure is the median of the repetitions, ± half their range as a share of the median "
                + "(how much the machine moved under the run).\n\n");
        md.append("| peer | E1 calls/s | E1 p50 µs | E1 p99 µs | E2 MiB/s | E3 signals/s | E4 calls/s | heap B/call | E4 concurrency |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (var spec : c.specs) {
            String k = spec.key();
            md.append("| ").append(spec.label());
            if (spec.command() == null || c.opts.containsKey("missing." + k)) {
                md.append(" | **missing:** ").append(c.opts.getOrDefault("missing." + k, spec.missing()))
                        .append(" | | | | | | | |\n");
                continue;
            }
            md.append(" | ").append(r.cell(k, "E1", "%,.0f")).append(r.spread(k, "E1")).append(" | ")
                    .append(r.cell(k, "E1.p50", "%,.0f")).append(" | ").append(r.cell(k, "E1.p99", "%,.0f")).append(" | ")
                    .append(r.cell(k, "E2", "%,.1f")).append(r.spread(k, "E2")).append(" | ").append(r.cell(k, "E3", "%,.0f"))
                    .append(r.spread(k, "E3")).append(" | ").append(r.cell(k, "E4", "%,.0f")).append(r.spread(k, "E4"))
                    .append(" | ").append(r.cell(k, "ALLOC", "%,.0f")).append(" | ").append(concurrency(k)).append(" |\n");
        }
        for (String s : SPAM) {
            md.append("| `dbus-test-tool ").append(s.replace("spam→", "spam` → ")).append(" | ")
                    .append(r.cell(s, "E1", "%,.0f")).append(r.spread(s, "E1")).append(" | | | | | ")
                    .append(r.cell(s, "E4", "%,.0f")).append(r.spread(s, "E4"))
                    .append(" | | `--queue=64` |\n");
        }
        md.append("""

                The `dbus-test-tool` rows are the C-to-C baseline: libdbus's own load generator (`spam`, wall
                time of `--count=N` calls including connecting; its call carries a 13-byte string) against
                libdbus's empty-reply service (`echo`) and against the Jitney echo service (which answers
                `com.example.Spam` with an empty reply).

                """);

        md.append("## Ratios to the C client (same run, same daemon, same service)\n\n");
        md.append("Above 1 is faster than C. ![ratios to the C client](").append(relative(out, png)).append(")\n\n");
        md.append("| peer | E1 | E2 | E3 | E4 | M1 | M2 | M3 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var spec : c.specs) {
            if (spec.key().equals("c")) {
                continue;
            }
            md.append("| ").append(spec.label());
            for (String w : Compare.WORKLOADS) {
                md.append(" | ").append(r.ratioCell(spec.key(), "c", w));
            }
            md.append(" |\n");
        }
        md.append("\n## Jitney's ratio to each peer\n\n");
        md.append("Jitney's figure divided by the peer's (above 1: Jitney is faster).\n\n");
        md.append("| Jitney | workload | ÷ C | ÷ Jeepney | ÷ dbus-fast | ÷ dbus-java |\n|---|---|---:|---:|---:|---:|\n");
        for (String j : JITNEY) {
            for (String w : Compare.WORKLOADS) {
                md.append("| ").append(label(c, j)).append(" | ").append(w);
                for (String o : OTHERS) {
                    md.append(" | ").append(r.ratioCell(j, o, w));
                }
                md.append(" |\n");
            }
        }

        md.append("\n## In-process marshal + parse, messages/s (median of ").append(c.mode.reps()).append(")\n\n");
        md.append("| peer | M1 (a) `a{sv}` | M2 (b) `Notify` | M3 (c) `GetManagedObjects` |\n|---|---:|---:|---:|\n");
        peerRows(md, c, List.of("M1", "M2", "M3"), (k, w) -> " | " + r.cell(k, w, "%,.0f"));
        md.append("| Jitney, the three processes' samples pooled | ").append(fmt("%,.0f", r.pooledJitney("M1"))).append(" | ")
                .append(fmt("%,.0f", r.pooledJitney("M2"))).append(" | ").append(fmt("%,.0f", r.pooledJitney("M3"))).append(" |\n");
        md.append("\nThe three Jitney rows run the same code (the marshaller is shared); their differences are noise, "
                + "so the targets use the pooled row.\n");
        pairedSection(c, md);
        profileSection(c, md);

        md.append("\n## Where the time goes: CPU per operation (µs, median)\n\n");
        md.append("CPU time (user + system, from `/proc/PID/stat`, 10 ms ticks) of the client process, the Jitney echo "
                + "service and the daemon during each measurement, divided by the calls (or signals) it completed.\n\n");
        md.append("*Cores busy* is the rate times the three processes' CPU per operation: near 2.0, the "
                + "2-core machine itself is the limit, and CPU a client saves is CPU the daemon can use.\n\n");
        List<String> endToEnd = List.of("E1", "E2", "E3", "E4");
        md.append("| peer");
        for (String w : endToEnd) {
            md.append(" | ").append(w).append(" client | ").append(w).append(" service | ").append(w).append(" daemon | ")
                    .append(w).append(" cores busy");
        }
        md.append(" |\n|---").append("|---:".repeat(4 * endToEnd.size())).append("|\n");
        peerRows(md, c, endToEnd, (k, w) -> {
            var cells = new StringBuilder();
            double total = 0;
            for (String who : List.of("client", "service", "daemon")) {
                cells.append(" | ").append(r.cell(k, "cpu." + who + "." + w, "%.1f"));
                total += r.median(k, "cpu." + who + "." + w);
            }
            double cores = total * r.median(k, w) / 1e6;
            return cells.append(" | ").append(Double.isNaN(cores) ? "—" : fmt("%.2f", cores)).toString();
        });

        md.append("\n### Sleeps and preemptions per operation (median)\n\n");
        md.append("Context switches during each measurement, from `/proc/PID/task/*/status`, summed over each process's "
                + "threads and divided by the calls (or signals) completed. *Client sleeps*: the client's threads "
                + "went to sleep (waiting in `poll`, a read, a lock), so the next message had to wake one. *Preempted*: "
                + "the scheduler took the CPU from the service or the daemon to run something else — on two cores, "
                + "often the client that was just woken.\n\n");
        md.append("| peer");
        for (String w : endToEnd) {
            md.append(" | ").append(w).append(" client sleeps | ").append(w).append(" service preempted | ").append(w)
                    .append(" daemon preempted");
        }
        md.append(" |\n|---").append("|---:".repeat(3 * endToEnd.size())).append("|\n");
        peerRows(md, c, endToEnd, (k, w) -> " | " + r.cell(k, "sleeps.client." + w, "%.2f")
                + " | " + r.cell(k, "preempted.service." + w, "%.2f")
                + " | " + r.cell(k, "preempted.daemon." + w, "%.2f"));

        keptHeapSection(c, r, md);

        md.append("\n## Targets (issue 7)\n\n");
        md.append(Targets.table(c, r));

        md.append("\n## Foundation: JMH marshalling (issue 2)\n\n");
        md.append(foundation(c));

        Path discussion = Path.of(c.opts.getOrDefault("discussion", "benchmarks/discussion.md"));
        if (Files.exists(discussion)) {
            md.append("\n").append(Files.readString(discussion, StandardCharsets.UTF_8).strip()).append('\n');
        }

        md.append("\n## Raw samples\n\n<details><summary>every repetition, in run order</summary>\n\n```\n");
        c.results.samples.forEach((peer, metrics) -> metrics.forEach((metric, values) -> {
            md.append(peer).append(' ').append(metric).append(':');
            for (double v : values) {
                md.append(' ').append(fmt("%.1f", v));
            }
            md.append('\n');
        }));
        c.results.notes.forEach((peer, metrics) -> metrics.forEach((metric, text) ->
                md.append(peer).append(' ').append(metric).append(": ").append(text).append('\n')));
        md.append("```\n\n</details>\n");

        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        chart(c, r, png);
        System.err.println("compare: wrote " + out + " and " + png);
    }

    private static String concurrency(String key) {
        return switch (key) {
            case "jitney-blocking" -> "pipelined, 64 in flight, one thread";
            case "jitney-threading" -> "64 virtual threads";
            case "jitney-async" -> "64 chains of futures";
            case "jeepney" -> "asyncio router, 64 tasks";
            case "dbus-fast" -> "asyncio, 64 tasks";
            case "dbus-java" -> "64 platform threads";
            case "c" -> "pipelined, 64 in flight (`sd_bus_call_method_async`)";
            default -> "";
        };
    }

    static String label(Compare c, String key) {
        return c.specs.stream().filter(s -> s.key().equals(key)).map(Compare.PeerSpec::label).findFirst().orElse(key);
    }

    private static String relative(Path from, Path to) {
        Path base = from.toAbsolutePath().getParent();
        return base.relativize(to.toAbsolutePath()).toString();
    }

    private static String foundation(Compare c) {
        if (c.opts.containsKey("no-jmh")) {
            return "Not run (`--no-jmh`).\n";
        }
        var md = new StringBuilder();
        md.append("`").append(Foundation.jmhCommand).append("`, then `").append(Foundation.jeepneyCommand)
                .append("` in the same run. Messages per second on one thread; bytes allocated per message from JMH's ")
                .append("`gc.alloc.rate.norm`.\n\n");
        if (Foundation.problem != null) {
            md.append("**").append(Foundation.problem).append("**\n\n");
        }
        md.append("| payload | Jitney serialise/s | B/msg | Jitney parse/s | B/msg | Jitney round trip/s | B/msg "
                + "| Jeepney serialise/s | Jeepney parse/s | Jeepney round trip/s | round trip ÷ Jeepney |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String p : Foundation.PAYLOADS) {
            Map<String, double[]> j = Foundation.JMH.getOrDefault(p, Map.of());
            double[] jp = Foundation.JEEPNEY.get(p);
            md.append("| ").append(p);
            for (String b : Foundation.BENCHMARKS) {
                double[] v = j.get(b);
                md.append(" | ").append(v == null ? "—" : fmt("%,.0f", v[0]));
                md.append(" | ").append(v == null || Double.isNaN(v[1]) ? "—" : fmt("%,.0f", v[1]));
            }
            for (int i = 0; i < 3; i++) {
                md.append(" | ").append(jp == null ? "—" : fmt("%,.0f", jp[i]));
            }
            double[] rt = j.get("roundTrip");
            md.append(" | ").append(rt == null || jp == null ? "—" : fmt("%,.0f×", rt[0] / jp[2])).append(" |\n");
        }
        md.append("\nPayloads: (a) `echoDict` `a{sv}` of 10 entries; (b) `notify` `susssasa{sv}i`; (c) `managedObjects` "
                + "`a{oa{sa{sv}}}` 20×3×8; (d) `bytes1MiB` a 1 MiB `ay` (so messages/s × 1 MiB is the byte rate); "
                + "(e) `structs` `a(isdb(xo)a(ys))` × 50. Built by `Payloads.java` and, identically, by "
                + "`jeepney_marshal.py`.");
        double[] d = Foundation.JMH.getOrDefault("bytes1MiB", Map.of()).get("serialize");
        double[] dp = Foundation.JMH.getOrDefault("bytes1MiB", Map.of()).get("parse");
        if (d != null && dp != null) {
            md.append(fmt(" For (d): serialise %.2f GB/s, parse %.2f GB/s.", d[0] * (1 << 20) / 1e9, dp[0] * (1 << 20) / 1e9));
        }
        md.append('\n');
        return md.toString();
    }

    /** Jitney and dbus-java in one fresh JVM, alternating: {@link PairedMarshal} through {@link Foundation}. */
    private static void pairedSection(Compare c, StringBuilder md) {
        md.append("\n### Jitney and dbus-java paired in one fresh JVM\n\n");
        if (Foundation.PAIRED.isEmpty()) {
            md.append(c.opts.containsKey("missing.dbus-java") ? "Not measured: dbus-java is missing.\n"
                    : "Not measured: `" + Foundation.pairedCommand + "` gave no figures.\n");
            return;
        }
        md.append("`").append(Foundation.pairedCommand).append("`: both libraries' serialise + parse in one JVM that did "
                + "nothing else first, in alternating slices of ").append(c.mode.pairedSlice()).append(" s; each ratio "
                + "is the median over ").append(c.mode.pairedRounds()).append(" rounds of paired slices, so drift of the "
                + "machine between them cancels out. The table above measures each library in its long-lived benchmark "
                + "process, after the end-to-end workloads. dbus-java's messages serialise as they are constructed, so "
                + "its loop builds each message from its arguments; Jitney is timed both ways, serialising one message "
                + "built once (as in the table above, and as the Jeepney, dbus-fast and C loops do) and building it "
                + "each time from the same arguments (`Messages.newMethodCall`), which is like for like.\n\n");
        md.append("| payload | Jitney/s, built once | Jitney/s, building each | dbus-java/s | built once ÷ dbus-java "
                + "(range) | building each ÷ dbus-java, like for like (range) |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        Foundation.PAIRED.forEach((m, v) -> md.append("| ").append(m).append(" | ").append(fmt("%,.0f", v[0]))
                .append(" | ").append(fmt("%,.0f", v[5])).append(" | ").append(fmt("%,.0f", v[1])).append(" | ")
                .append(fmt("%.2f× (%.2f–%.2f)", v[2], v[3], v[4])).append(" | ")
                .append(fmt("%.2f× (%.2f–%.2f)", v[6], v[7], v[8])).append(" |\n"));
    }

    /** Where Jitney's marshalling time goes: {@link MarshalProfile} through {@link Foundation}. */
    private static void profileSection(Compare c, StringBuilder md) {
        md.append("\n### Where Jitney's marshalling time goes (JFR)\n\n");
        if (c.mode.profileSeconds() <= 0) {
            md.append("Not profiled in quick mode.\n");
            return;
        }
        if (Foundation.PROFILES.isEmpty()) {
            md.append("Not profiled: `").append(Foundation.profileCommand).append("` gave no recordings.\n");
            return;
        }
        md.append("`").append(Foundation.profileCommand).append("`, then the methods most often on top of the "
                + "sampled stacks: each method's share of the samples is time spent in its own code (inlined callees "
                + "count as themselves). Each payload and mode runs ").append(c.mode.profileSeconds())
                .append(" s in a fresh JVM, serialising into a reused buffer or parsing the same bytes.\n\n");
        md.append("| payload | mode | samples | methods on top of the stack, share of samples |\n|---|---|---:|---|\n");
        Foundation.PROFILES.forEach((key, p) -> {
            String[] k = key.split(" ");
            md.append("| ").append(k[0]).append(" | ").append(k[1]).append(" | ").append(fmt("%,d", p.samples()))
                    .append(" | ");
            for (int i = 0; i < p.top().size(); i++) {
                var share = p.top().get(i);
                md.append(i == 0 ? "" : ", ").append('`').append(share.method()).append('`')
                        .append(fmt(" %.0f %%", share.percent()));
            }
            md.append(" |\n");
        });
    }

    private static void chart(Compare c, Results r, Path png) throws IOException {
        List<Chart.Series> series = new ArrayList<>();
        int i = 0;
        for (var spec : c.specs) {
            if (spec.key().equals("c")) {
                continue;
            }
            double[] v = new double[Compare.WORKLOADS.size()];
            for (int w = 0; w < v.length; w++) {
                v[w] = r.ratio(spec.key(), "c", Compare.WORKLOADS.get(w));
            }
            series.add(new Chart.Series(spec.label() + (spec.command() == null ? " (missing)" : ""),
                    Chart.PALETTE[i++ % Chart.PALETTE.length], v));
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        Chart.write(png, "Ratio to the C client (sd-bus; libdbus for M), same run, same daemon — higher is faster",
                "× C client (log scale)", Compare.WORKLOADS, series);
    }

    /** E2 on the stock daemon and on the one that keeps its heap, with the daemon's and the client's page faults and CPU per call. */
    private static void keptHeapSection(Compare c, Results r, StringBuilder md) {
        String as = KeptHeapE2.METRIC;
        md.append("\n## E2 and the daemon's memory\n\n");
        md.append("*Faults*: minor page faults per 1 MiB call (`minflt` of `/proc/PID/stat`) of the daemon and of the "
                + "client process, each a page of memory mapped — and, when it is new to the process, zeroed — on first "
                + "touch. A client's own `malloc` (C, CPython) plays the same game with its buffers. *Kept heap*: E2 "
                + "measured again after the main pass, with every peer connected to a second `dbus-daemon` (the same "
                + "binary, a new service) started with `GLIBC_TUNABLES=" + KeptHeapE2.ENV.get("GLIBC_TUNABLES")
                + "`, so that its `malloc` keeps freed message buffers for the next message instead of handing them "
                + "back to the kernel.\n\n");
        md.append("| peer | E2 MiB/s | ÷ C | daemon faults/call | daemon CPU µs/call | client faults/call | client CPU µs/call "
                + "| kept heap: E2 MiB/s | ÷ C | daemon faults/call | daemon CPU µs/call | client faults/call "
                + "| client CPU µs/call |\n|---" + "|---:".repeat(12) + "|\n");
        peerRows(md, c, List.of("E2", as), (k, w) -> " | " + r.cell(k, w, "%,.1f") + r.spread(k, w)
                + " | " + (k.equals("c") ? "" : r.ratioCell(k, "c", w))
                + " | " + r.cell(k, "faults.daemon." + w, "%,.0f")
                + " | " + r.cell(k, "cpu.daemon." + w, "%,.0f")
                + " | " + r.cell(k, "faults.client." + w, "%,.0f")
                + " | " + r.cell(k, "cpu.client." + w, "%,.0f"));
    }

    /**
     * A row per peer that has a client process, with the cells {@code cells} gives for each
     * workload (from the peer's key and the workload), each cell led by {@code " | "}.
     */
    private static void peerRows(StringBuilder md, Compare c, List<String> workloads,
            java.util.function.BiFunction<String, String, String> cells) {
        for (var spec : c.specs) {
            if (spec.command() == null) {
                continue;
            }
            md.append("| ").append(spec.label());
            for (String w : workloads) {
                md.append(cells.apply(spec.key(), w));
            }
            md.append(" |\n");
        }
    }

    /** Medians and ratios with formatting. */
    static final class Results {
        private final Compare c;

        Results(Compare c) {
            this.c = c;
        }

        double median(String peer, String metric) {
            return c.results.median(peer, metric);
        }

        String cell(String peer, String metric, String pattern) {
            double v = median(peer, metric);
            if (Double.isNaN(v)) {
                String note = c.results.noteFor(peer, metric);
                return note == null ? "—" : note.startsWith("NA") ? "n/a" : note.startsWith("missing") ? "missing" : "error";
            }
            return fmt(pattern, v);
        }

        /** The median of every Jitney process's samples of a marshal workload (the same code in all three). */
        double pooledJitney(String metric) {
            List<Double> v = new ArrayList<>();
            for (String j : JITNEY) {
                v.addAll(c.results.all(j, metric));
            }
            if (v.isEmpty()) {
                return Double.NaN;
            }
            v.sort(null);
            int n = v.size();
            return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        }

        /** The samples' spread around the median, as ±half the range in percent. */
        String spread(String peer, String metric) {
            List<Double> v = c.results.all(peer, metric);
            double m = median(peer, metric);
            if (v.size() < 2 || !(m > 0)) {
                return "";
            }
            double lo = v.stream().mapToDouble(Double::doubleValue).min().orElse(m);
            double hi = v.stream().mapToDouble(Double::doubleValue).max().orElse(m);
            return fmt(" ±%.0f%%", 50 * (hi - lo) / m);
        }

        double ratio(String a, String b, String metric) {
            return median(a, metric) / median(b, metric);
        }

        String ratioCell(String a, String b, String metric) {
            double v = ratio(a, b, metric);
            return Double.isNaN(v) || Double.isInfinite(v) ? "—" : fmt("%.2f", v);
        }
    }
}
