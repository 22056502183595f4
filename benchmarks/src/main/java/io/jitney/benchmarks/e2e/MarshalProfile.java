package io.jitney.benchmarks.e2e;

import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import io.jitney.message.MessageWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where Jitney's in-process marshalling spends its time: a JVM of its own serialises (or parses)
 * one payload in a loop under Java Flight Recorder, sampling every millisecond, and the methods
 * on top of the sampled stacks are counted. JIT-inlined methods keep their own names
 * ({@code -XX:+DebugNonSafepoints}), so a method's share is its own code, not its callees'.
 *
 * <pre>
 * java -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
 *      -XX:StartFlightRecording=filename=m2.jfr,settings=profile,jdk.ExecutionSample#period=1ms \
 *      -cp benchmarks/target/benchmarks.jar io.jitney.benchmarks.e2e.MarshalProfile M2 serialize 4
 * </pre>
 */
public final class MarshalProfile {
    private MarshalProfile() {}

    /** Keeps each result reachable so the work cannot be optimised away. */
    static volatile Object sink;

    /** A method and its share of the samples, in per cent. */
    record Share(String method, double percent) {}

    /** The methods most often on top of the sampled stacks, and how many samples there were. */
    record Profile(int samples, List<Share> top) {}

    /** Runs {@code mode} (serialize or parse) on the payload until {@code seconds} have passed. */
    static long loop(String payload, String mode, double seconds) {
        Message message = JitneyMarshal.payload(payload);
        var writer = new MessageWriter();
        var parser = new MessageParser();
        byte[] bytes = message.serialize(1);
        Runnable op = switch (mode) {
            case "serialize" -> () -> sink = writer.write(message, 1);
            case "parse" -> () -> {
                parser.feed(ByteBuffer.wrap(bytes));
                sink = parser.next();
            };
            default -> throw new IllegalArgumentException("unknown mode " + mode + " (serialize, parse)");
        };
        return TimedLoop.until(op, System.nanoTime() + (long) (seconds * 1e9)).ops();
    }

    /** The {@code n} methods most often on top of the stacks of {@code jdk.ExecutionSample} events. */
    static Profile top(Path recording, int n) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            counts.merge(name(e.getStackTrace().getFrames().getFirst()), 1, Integer::sum);
        }
        final int total = samples;
        List<Share> top = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(c -> top.add(new Share(c.getKey(), 100.0 * c.getValue() / total)));
        return new Profile(samples, top);
    }

    /** {@code SimpleClassName.method}, with the JDK's and Jitney's package names left out. */
    static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    /** The command that profiles one payload and mode into {@code recording}. */
    static List<String> command(String java, String jar, Path recording, String payload, String mode, double seconds) {
        return List.of(java, "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
                "-XX:StartFlightRecording=filename=" + recording + ",settings=profile,jdk.ExecutionSample#period=1ms",
                "-cp", jar, MarshalProfile.class.getName(), payload, mode, String.valueOf(seconds));
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--top")) {
            Profile p = top(Path.of(args[1]), 12);
            System.out.println(p.samples() + " samples");
            p.top().forEach(s -> System.out.printf(Locale.ROOT, "%5.1f %% %s%n", s.percent(), s.method()));
            return;
        }
        if (args.length != 3) {
            System.err.println("usage: MarshalProfile M1|M2|M3 serialize|parse SECONDS   (under JFR)\n"
                    + "       MarshalProfile --top RECORDING.jfr");
            System.exit(2);
        }
        long ops = loop(args[0], args[1], Double.parseDouble(args[2]));
        System.out.println("OK ops=" + ops);
    }
}
