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
 * <p>Jitney is timed twice: serialising one message built once (as the Jeepney, dbus-fast and C
 * loops do), and building the message from its arguments each time. dbus-java can only do the
 * latter: its messages serialise in their constructor. So the second ratio is the like-for-like
 * one.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.jitney.benchmarks.e2e.PairedMarshal M1 20 0.5
 * </pre>
 */
public final class PairedMarshal {
    private PairedMarshal() {}

    /**
     * Per round, messages per second: Jitney with its message built once, Jitney building it
     * each time, dbus-java (which builds it each time); and the paired ratios to dbus-java.
     */
    public record Result(double[] jitney, double[] jitneyBuilding, double[] dbusJava) {
        /** Jitney, message built once, ÷ dbus-java, round by round. */
        public double[] ratios() {
            return ratios(jitney);
        }

        /** Jitney building each message ÷ dbus-java, round by round: like for like. */
        public double[] buildingRatios() {
            return ratios(jitneyBuilding);
        }

        private double[] ratios(double[] ours) {
            double[] r = new double[ours.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = ours[i] / dbusJava[i];
            }
            return r;
        }
    }

    public static Result measure(String payload, int rounds, double sliceSeconds) throws Exception {
        Runnable[] ops = {JitneyMarshal.roundTrip(payload), JitneyMarshal.buildingRoundTrip(payload),
            DbusJavaClient.marshalling(payload)};
        long slice = (long) (sliceSeconds * 1e9);
        for (int w = 0; w < 3; w++) {
            for (Runnable op : ops) {
                rate(op, slice);
            }
        }
        double[][] rates = new double[ops.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < ops.length; k++) {
                int which = (r + k) % ops.length; // each goes first, second and third in turn
                rates[which][r] = rate(ops[which], slice);
            }
        }
        return new Result(rates[0], rates[1], rates[2]);
    }

    private static double rate(Runnable op, long nanos) {
        return TimedLoop.until(op, System.nanoTime() + nanos).perSecond();
    }

    /** The one-line report, which {@code benchmarks/compare} reads back ({@code Foundation.parsePaired}). */
    static String summary(String payload, Result r, double slice) {
        double[] ratios = r.ratios();
        Arrays.sort(ratios);
        double[] building = r.buildingRatios();
        Arrays.sort(building);
        return String.format(Locale.ROOT, "%s: Jitney %.0f/s, Jitney building each message %.0f/s, dbus-java %.0f/s "
                        + "(medians of %d slices of %.2f s); Jitney ÷ dbus-java, paired: median %.2f, range %.2f to %.2f; "
                        + "building each message: median %.2f, range %.2f to %.2f",
                payload, SideBySide.median(r.jitney()), SideBySide.median(r.jitneyBuilding()),
                SideBySide.median(r.dbusJava()), ratios.length, slice,
                SideBySide.median(ratios), ratios[0], ratios[ratios.length - 1],
                SideBySide.median(building), building[0], building[building.length - 1]);
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
