package io.jitney.benchmarks;

import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import io.jitney.message.MessageWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process serialise and parse of the foundation issue's payloads (no I/O): messages per
 * second on one thread. Run with {@code -prof gc} for bytes allocated per operation.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MarshalBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class MarshalBenchmark {
    @Param({"echoDict", "notify", "managedObjects", "bytes1MiB", "structs"})
    public String payload;

    private Message message;
    private byte[] bytes;
    private final MessageWriter writer = new MessageWriter();
    private final MessageParser parser = new MessageParser();

    @Setup(Level.Trial)
    public void setUp() {
        message = switch (payload) {
            case "echoDict" -> Payloads.echoDict();
            case "notify" -> Payloads.notify_();
            case "managedObjects" -> Payloads.managedObjects();
            case "bytes1MiB" -> Payloads.bytes1MiB();
            case "structs" -> Payloads.structs();
            default -> throw new IllegalArgumentException(payload);
        };
        bytes = message.serialize(1);
    }

    /** Serialise only, into a reused buffer (what a connection does). */
    @Benchmark
    public ByteBuffer serialize() {
        return writer.write(message, 1);
    }

    /** Parse only: feed the bytes, take the message. */
    @Benchmark
    public Message parse() {
        parser.feed(bytes);
        return parser.next();
    }

    /** Serialise then parse: the round trip the targets are stated for. */
    @Benchmark
    public Message roundTrip() {
        parser.feed(writer.write(message, 1));
        return parser.next();
    }
}
