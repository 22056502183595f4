package io.jitney.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A benchmark client as a long-lived process that {@link Compare} drives over stdin/stdout, one
 * command per line, one answer per line — the same protocol as the Python and C clients in
 * {@code benchmarks/peers/}, so every peer is timed by the same rules:
 *
 * <pre>
 * E1 SECONDS           sequential Echo("hello")      → OK calls=N secs=S p50us=X p99us=Y
 * E2 SECONDS           sequential EchoBytes(1 MiB)   → OK calls=N secs=S
 * E3 N                 Emit(N), receive N ticks      → OK signals=N secs=S
 * E4 SECONDS CALLERS   concurrent Echo on one conn   → OK calls=N secs=S
 * M PAYLOAD SECONDS    serialise+parse, no I/O       → OK ops=N secs=S
 * ALLOC N              heap bytes per Echo round trip (all threads) → OK bytes=B
 * QUIT
 * </pre>
 * An answer is {@code OK key=value...}, {@code NA reason} (this peer cannot do it) or
 * {@code ERR reason}. The process prints {@code READY} once connected.
 *
 * <p>{@code java ... Driver PEER ADDRESS}, PEER one of {@code jitney-blocking},
 * {@code jitney-threading}, {@code jitney-async}, {@code dbus-java}.
 */
public final class Driver {
    static final byte[] MIB = new byte[1 << 20];

    static {
        for (int i = 0; i < MIB.length; i++) {
            MIB[i] = (byte) (i * 7 + 1);
        }
    }

    private final BenchClient client;

    public Driver(BenchClient client) {
        this.client = client;
    }

    public static BenchClient open(String peer, String address) throws Exception {
        return switch (peer) {
            case "jitney-blocking" -> new JitneyBlockingClient(address);
            case "jitney-threading" -> new JitneyThreadedClient(address);
            case "jitney-async" -> new JitneyAsyncClient(address);
            case "dbus-java" -> new DbusJavaClient(address);
            default -> throw new IllegalArgumentException("unknown peer " + peer);
        };
    }

    /** Runs one command line and returns the answer line. */
    public String run(String line) {
        String[] w = line.trim().split("\\s+");
        try {
            return switch (w[0]) {
                case "E1" -> e1(Double.parseDouble(w[1]));
                case "E2" -> e2(Double.parseDouble(w[1]));
                case "E3" -> e3(Integer.parseInt(w[1]));
                case "E4" -> e4(Double.parseDouble(w[1]), Integer.parseInt(w[2]));
                case "M" -> marshal(w[1], Double.parseDouble(w[2]));
                case "ALLOC" -> alloc(Integer.parseInt(w[1]));
                default -> "ERR unknown command " + w[0];
            };
        } catch (Throwable e) {
            return "ERR " + (e.toString() + (e.getCause() != null ? " caused by " + e.getCause() : ""))
                    .replace('\n', ' ');
        }
    }

    private static long deadline(double seconds) {
        return System.nanoTime() + (long) (seconds * 1e9);
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    String e1(double seconds) throws Exception {
        long[] lat = new long[1 << 16];
        int n = 0;
        long end = deadline(seconds);
        long start = System.nanoTime();
        long now = start;
        do {
            long t0 = now;
            if (!"hello".equals(client.echo("hello"))) {
                throw new IllegalStateException("wrong echo");
            }
            now = System.nanoTime();
            if (n == lat.length) {
                lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = now - t0;
        } while (now < end);
        long total = now - start;
        Arrays.sort(lat, 0, n);
        return String.format(Locale.ROOT, "OK calls=%d secs=%s p50us=%.1f p99us=%.1f", n, secs(total),
                lat[(int) (n * 0.50)] / 1e3, lat[Math.min(n - 1, (int) (n * 0.99))] / 1e3);
    }

    String e2(double seconds) throws Exception {
        long end = deadline(seconds);
        long start = System.nanoTime();
        long now;
        int n = 0;
        do {
            if (!Arrays.equals(MIB, client.echoBytes(MIB))) {
                throw new IllegalStateException("wrong bytes echoed");
            }
            n++;
            now = System.nanoTime();
        } while (now < end);
        return "OK calls=" + n + " secs=" + secs(now - start);
    }

    String e3(int n) throws Exception {
        return "OK signals=" + n + " secs=" + secs(client.ticks(n));
    }

    String e4(double seconds, int callers) throws Exception {
        long start = System.nanoTime();
        long calls = client.concurrent(callers, deadline(seconds));
        return "OK calls=" + calls + " secs=" + secs(System.nanoTime() - start);
    }

    String marshal(String payload, double seconds) throws Exception {
        Runnable op = client.marshal(payload);
        if (op == null) {
            return "NA no in-process marshal";
        }
        TimedLoop.Count count = TimedLoop.until(op, deadline(seconds));
        return "OK ops=" + count.ops() + " secs=" + secs(count.nanos());
    }

    /**
     * Heap bytes allocated per {@code Echo} round trip by every thread of this JVM (the caller's,
     * and the reader and delivery threads of the threaded and async integrations).
     */
    String alloc(int n) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < Math.min(n, 1000); i++) {
            client.echo("hello");
        }
        long before = threads.getTotalThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            client.echo("hello");
        }
        long after = threads.getTotalThreadAllocatedBytes();
        return "OK bytes=" + (after - before) / n;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Driver PEER ADDRESS");
            System.exit(2);
        }
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // The protocol owns stdout; whatever a library logs goes to stderr.
        System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8));
        try (BenchClient client = open(args[0], args[1])) {
            var driver = new Driver(client);
            out.println("READY " + args[0]);
            var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.isBlank() && !line.trim().equals("QUIT")) {
                out.println(driver.run(line));
            }
        }
        System.exit(0);
    }
}
