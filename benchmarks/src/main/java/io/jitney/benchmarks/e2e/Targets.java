package io.jitney.benchmarks.e2e;

import static io.jitney.benchmarks.e2e.Compare.fmt;

/** The targets, checked against this run's medians. */
final class Targets {
    private Targets() {}

    static String table(Compare c, Report.Results r) {
        var md = new StringBuilder("| target | Jitney ÷ that peer, same run | met? |\n|---|---|---|\n");
        row(md, c, r, "E1 ≥ 0.95× the C client", "E1", "c", 0.95);
        row(md, c, r, "E2 ≥ 1.0× the C client", "E2", "c", 1.0);
        row(md, c, r, "E2 ≥ 1.0× the C client, daemon keeping its heap", KeptHeapE2.METRIC, "c", 1.0);
        row(md, c, r, "E3 ≥ 0.95× the C client", "E3", "c", 0.95);
        row(md, c, r, "E4 ≥ 0.95× the pipelined C client", "E4", "c", 0.95);
        for (String m : new String[] {"M1", "M2", "M3"}) {
            row(md, c, r, m + " ≥ 10× dbus-java, long-lived processes (Jitney's message built once)", m, "dbus-java", 10);
            double[] paired = Foundation.PAIRED.get(m);
            if (paired != null) {
                pairedRow(md, m + " ≥ 10× dbus-java, paired in one fresh JVM", paired[2],
                        "median of paired slices; Jitney's message built once");
                pairedRow(md, m + " ≥ 10× dbus-java, paired, both building each message (like for like)", paired[6],
                        "median of paired slices");
            }
            row(md, c, r, m + " ≥ 50× Jeepney", m, "jeepney", 50);
            row(md, c, r, m + " ≥ 2× dbus-fast", m, "dbus-fast", 2);
            row(md, c, r, m + " ≥ 1× C (libdbus marshal + demarshal)", m, "c", 1);
        }
        return md.toString();
    }

    /** A row for a ratio to dbus-java from {@link PairedMarshal}, against the 10× target. */
    private static void pairedRow(StringBuilder md, String target, double ratio, String how) {
        md.append("| ").append(target).append(" | ").append(fmt("%.2f×", ratio)).append(" (").append(how)
                .append(") | ").append(ratio >= 10 ? "yes" : "**no**").append(" |\n");
    }

    private static void row(StringBuilder md, Compare c, Report.Results r, String target, String metric, String peer,
            double goal) {
        double theirs = r.median(peer, metric);
        md.append("| ").append(target).append(" | ");
        if (Double.isNaN(theirs)) {
            md.append("no figure for ").append(Report.label(c, peer)).append(" | — |\n");
            return;
        }
        if (metric.startsWith("M")) {
            // One marshaller behind all three integrations: pool their samples.
            double ratio = r.pooledJitney(metric) / theirs;
            md.append(fmt("%.2f×", ratio)).append(" (Jitney's samples from all three processes pooled) | ")
                    .append(ratio >= goal ? "yes" : "**no**").append(" |\n");
            return;
        }
        var all = new StringBuilder();
        var meeting = new java.util.ArrayList<String>();
        for (String j : Report.JITNEY) {
            double ratio = r.ratio(j, peer, metric);
            if (Double.isNaN(ratio)) {
                continue;
            }
            String name = j.substring("jitney-".length());
            all.append(all.isEmpty() ? "" : ", ").append(name).append(fmt(" %.2f×", ratio));
            if (ratio >= goal) {
                meeting.add(name);
            }
        }
        md.append(all).append(" | ").append(meeting.isEmpty() ? "**no**"
                : meeting.size() == Report.JITNEY.size() ? "yes, all three" : "only " + String.join(", ", meeting))
                .append(" |\n");
    }
}
