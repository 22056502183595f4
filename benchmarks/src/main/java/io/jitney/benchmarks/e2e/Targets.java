package io.jitney.benchmarks.e2e;

import static io.jitney.benchmarks.e2e.Compare.fmt;

/** The targets, checked against this run's medians. */
final class Targets {
    private Targets() {}

    static String table(Compare c, Report.Results r) {
        var md = new StringBuilder("| target | measured (best Jitney integration) | met? |\n|---|---|---|\n");
        row(md, c, r, "E1 ≥ 0.95× the C client", "E1", "c", 0.95);
        row(md, c, r, "E2 ≥ 1.0× the C client", "E2", "c", 1.0);
        row(md, c, r, "E3 ≥ 0.95× the C client", "E3", "c", 0.95);
        row(md, c, r, "E4 ≥ 0.95× the pipelined C client", "E4", "c", 0.95);
        for (String m : new String[] {"M1", "M2", "M3"}) {
            row(md, c, r, m + " ≥ 10× dbus-java", m, "dbus-java", 10);
            row(md, c, r, m + " ≥ 50× Jeepney", m, "jeepney", 50);
            row(md, c, r, m + " ≥ 2× dbus-fast", m, "dbus-fast", 2);
            row(md, c, r, m + " ≥ 1× C (libdbus marshal + demarshal)", m, "c", 1);
        }
        return md.toString();
    }

    private static void row(StringBuilder md, Compare c, Report.Results r, String target, String metric, String peer,
            double goal) {
        String best = null;
        double bestRatio = Double.NaN;
        var all = new StringBuilder();
        for (String j : Report.JITNEY) {
            double ratio = r.ratio(j, peer, metric);
            if (Double.isNaN(ratio)) {
                continue;
            }
            all.append(all.isEmpty() ? "" : ", ").append(j.substring("jitney-".length())).append(fmt(" %.2f×", ratio));
            if (Double.isNaN(bestRatio) || ratio > bestRatio) {
                bestRatio = ratio;
                best = j;
            }
        }
        md.append("| ").append(target).append(" | ");
        if (best == null) {
            md.append("no figure for ").append(Report.label(c, peer)).append(" | — |\n");
            return;
        }
        md.append(fmt("%.2f×", bestRatio)).append(" (").append(all).append(") | ")
                .append(bestRatio >= goal ? "yes" : "**no**").append(" |\n");
    }
}
