package io.jitney.conformance;

import static org.assertj.core.api.Assertions.assertThat;

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
 * only, whatever was written before and however the array had to grow, and while the array is
 * large enough no buffer is allocated per message.
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

    @Test
    void theSameBufferObjectComesBackWhileTheArrayIsLargeEnough() {
        var writer = new MessageWriter();
        ByteBuffer first = writer.write(call("one"), 1);
        byte[] firstBytes = bytes(first);
        ByteBuffer second = writer.write(call("second message"), 2);
        assertThat(second).isSameAs(first); // no buffer allocated per message
        assertThat(bytes(second)).isEqualTo(call("second message").serialize(2));
        assertThat(firstBytes).isEqualTo(call("one").serialize(1));
        ByteBuffer grown = writer.write(call("g".repeat(50_000)), 3);
        assertThat(bytes(grown)).isEqualTo(call("g".repeat(50_000)).serialize(3));
        assertThat(writer.write(call("after"), 4)).isSameAs(grown);
    }
}
