package io.jitney.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageWriter;
import io.jitney.message.Messages;
import io.jitney.wire.Variant;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@link MessageWriter} keeps one buffer: each write gives exactly the message's bytes, read
 * only, whatever was written before and however the array had to grow, and once the array is
 * large enough writing allocates nothing per message.
 */
class WriterReuseTest {
    private static final DBusAddress TARGET = new DBusAddress("/org/example/Reuse", "org.example.Reuse",
            "org.example.Reuse");

    private static Message call(String text) {
        Map<String, Variant> hints = new LinkedHashMap<>();
        hints.put("urgency", Variant.of("y", (byte) 1));
        hints.put("category", Variant.of("s", "email.arrived"));
        return Messages.newMethodCall(TARGET, "Notify", "sasa{sv}u", text, List.of("a", "b"), hints, 7L);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void eachWriteGivesThatMessagesBytesAlone() {
        var writer = new MessageWriter();
        // short, long enough to grow the 4 KiB array, short again, on the grown array
        for (String text : new String[] {"x", "y".repeat(10_000), "z", "w".repeat(100_000), "v"}) {
            Message m = call(text);
            ByteBuffer b = writer.write(m, 3);
            assertThat(b.isReadOnly()).isTrue();
            assertThat(b.position()).isZero();
            assertThat(bytes(b)).as("%d chars", text.length()).isEqualTo(m.serialize(3));
        }
    }

    /** Where each buffer goes, so that the JIT cannot drop one the test never reads. */
    static volatile ByteBuffer sink;

    @Test
    void writingTheSameCallAgainAllocatesNothingPerMessage() {
        assumeTrue(Allocations.supported(), "this JVM does not count per-thread allocations");
        var writer = new MessageWriter();
        Message m = call("hello");
        // Rounds of warming up (the JIT's escape analysis, the header cache) and measuring, until
        // one round is clean: on a busy machine the compiler may take a while.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 20 && least >= 2_000; round++) {
            for (int i = 0; i < 100_000; i++) {
                sink = writer.write(m, 1 + (i & 1023));
            }
            var measured = Allocations.measure(() -> {
                for (int i = 0; i < 10_000; i++) {
                    sink = writer.write(m, 1 + (i & 1023));
                }
            });
            assertThat(measured.thrown()).isNull();
            least = Math.min(least, measured.bytes());
        }
        // 10,000 messages: a byte per message would be 10,000; this allows a stray allocation of
        // the JVM's own on this thread, not one per message
        assertThat(least).as("fewest bytes allocated writing 10,000 messages, in 20 rounds").isLessThan(2_000);
    }
}
