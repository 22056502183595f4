package io.jitney.benchmarks.e2e;

import io.jitney.benchmarks.SideBySide;
import java.util.Arrays;
import java.util.Locale;

/**
 * Jitney's and dbus-java's in-process serialise + parse of one payload in one JVM, in
 * alternating slices: the ratio of each pair of slices cancels what the machine's load does to
 * both, which separate processes measured at different moments (as {@code benchmarks/compare}
 * does) cannot. It also shows each library in a JVM that did nothing else first.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.jitney.benchmarks.e2e.PairedMarshal M1 20 0.5
 * </pre>
 */
public final class PairedMarshal {
    private PairedMarshal() {}

    /** Per round, each library's messages per second; and the paired ratios Jitney ÷ dbus-java. */
    public record Result(double[] jitney, double[] dbusJava) {
        public double[] ratios() {
            double[] r = new double[jitney.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = jitney[i] / dbusJava[i];
            }
            return r;
        }
    }

    public static Result measure(String payload, int rounds, double sliceSeconds) throws Exception {
        Runnable[] ops = {JitneyMarshal.roundTrip(payload), DbusJavaClient.marshalling(payload)};
        long slice = (long) (sliceSeconds * 1e9);
        for (int w = 0; w < 3; w++) {
            for (Runnable op : ops) {
                rate(op, slice);
            }
        }
        double[][] rates = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int which = (r + k) % 2;
                rates[which][r] = rate(ops[which], slice);
            }
        }
        return new Result(rates[0], rates[1]);
    }

    private static double rate(Runnable op, long nanos) {
        return TimedLoop.until(op, System.nanoTime() + nanos).perSecond();
    }

    /** The one-line report, which {@code benchmarks/compare} reads back ({@code Foundation.parsePaired}). */
    static String summary(String payload, Result r, double slice) {
        double[] ratios = r.ratios();
        Arrays.sort(ratios);
        return String.format(Locale.ROOT, "%s: Jitney %.0f/s, dbus-java %.0f/s (medians of %d slices of %.2f s); "
                        + "Jitney ÷ dbus-java, paired: median %.2f, range %.2f to %.2f",
                payload, SideBySide.median(r.jitney()), SideBySide.median(r.dbusJava()), ratios.length, slice,
                SideBySide.median(ratios), ratios[0],
                ratios[ratios.length - 1]);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: PairedMarshal M1|M2|M3 [rounds=20] [seconds per slice=0.5]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double slice = args.length > 2 ? Double.parseDouble(args[2]) : 0.5;
        System.out.println(summary(args[0], measure(args[0], rounds, slice), slice));
    }
}
