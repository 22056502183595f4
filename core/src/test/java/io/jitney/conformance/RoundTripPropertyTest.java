package io.jitney.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jitney.internal.wire.WireReader;
import io.jitney.internal.wire.WireWriter;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.wire.Signature;
import io.jitney.wire.Values;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever valid signature and values, writing then reading gives equal values, in
 * both byte orders and wherever the data starts; and whole messages survive serialize → parse
 * (fed whole, in 16-byte chunks, one byte at a time) → serialize byte for byte.
 *
 * <p>Plain JUnit over a seeded {@link Random}: each iteration draws its own seed from the
 * master seed and reports it, with the signature and values, when it fails; replay it by
 * putting that seed in {@code new Random(seed)}.
 */
class RoundTripPropertyTest {
    private static final long MASTER_SEED = 0x4a69746e6579L; // "Jitney"
    private static final int VALUE_ITERATIONS = 2_000;
    private static final int MESSAGE_ITERATIONS = 400;
    private static final ByteOrder[] ORDERS = {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN};

    @Test
    void valuesRoundTripInBothByteOrdersAtAnyStartingOffset() {
        var master = new Random(MASTER_SEED);
        for (int i = 0; i < VALUE_ITERATIONS; i++) {
            long seed = master.nextLong();
            var random = new Random(seed);
            var gen = new RandomValues(random);
            // Mostly a few types; one time in ten up to 24, for signatures near the 255-byte limit.
            Signature signature = gen.signature(1, random.nextInt(10) == 0 ? 24 : 4);
            List<Object> values = gen.values(signature);
            for (ByteOrder order : ORDERS) {
                // Bytes before the values (not padding: arbitrary) so that alignment matters,
                // and an origin inside a larger array so that offsets are relative to it.
                int prefix = random.nextInt(9);
                int origin = random.nextInt(16);
                String context = "iteration " + i + ", seed " + seed + "L, signature '" + signature + "', " + order
                        + ", prefix " + prefix + ", origin " + origin + ", values " + Values.toDisplayString(values);
                byte[] written;
                try {
                    written = write(signature, values, order, prefix);
                } catch (RuntimeException e) {
                    throw new AssertionError("writing failed: " + context, e);
                }
                byte[] buf = new byte[origin + written.length + random.nextInt(8)];
                random.nextBytes(buf);
                System.arraycopy(written, 0, buf, origin, written.length);
                List<Object> read;
                try {
                    var r = new WireReader(buf, origin, origin + written.length, order);
                    r.seek(prefix);
                    read = r.readAll(signature.types());
                    assertThat(r.remaining()).as("bytes left over: %s", context).isZero();
                } catch (RuntimeException e) {
                    throw new AssertionError("reading failed: " + context + ", bytes " + HexFormat.of().formatHex(written), e);
                }
                if (!Values.deepEquals(values, read)) {
                    fail("read back " + Values.toDisplayString(read) + " for " + context);
                }
                // The writer is canonical: what was read writes to the same bytes.
                assertThat(HexFormat.of().formatHex(write(signature, read, order, prefix)))
                        .as("re-written: %s", context)
                        .isEqualTo(HexFormat.of().formatHex(written));
            }
        }
    }

    private static byte[] write(Signature signature, List<Object> values, ByteOrder order, int prefix) {
        var w = new WireWriter(64, order);
        for (int k = 0; k < prefix; k++) {
            w.writeByte(0xa5 + k);
        }
        w.writeAll(signature.types(), values);
        return w.toByteArray();
    }

    @Test
    void messagesRoundTripThroughTheParserFedWholeInChunksAndBytewise() {
        var master = new Random(MASTER_SEED + 1);
        for (int i = 0; i < MESSAGE_ITERATIONS; i++) {
            long seed = master.nextLong();
            var random = new Random(seed);
            // One to three messages back to back, so frames also split across chunks.
            var messages = new ArrayList<Message>();
            var serials = new ArrayList<Integer>();
            var stream = new ByteArrayOutputStream();
            var encoded = new ArrayList<byte[]>();
            int count = 1 + random.nextInt(3);
            for (int k = 0; k < count; k++) {
                Message m = randomMessage(random);
                int serial = random.nextInt(4) == 0 ? -1 - random.nextInt(100) : 1 + random.nextInt(100_000);
                ByteOrder order = ORDERS[random.nextInt(2)];
                byte[] bytes;
                try {
                    bytes = m.serialize(serial, order);
                } catch (RuntimeException e) {
                    throw new AssertionError("serializing failed: iteration " + i + ", seed " + seed + "L, " + m, e);
                }
                messages.add(m);
                serials.add(serial);
                encoded.add(bytes);
                stream.writeBytes(bytes);
            }
            byte[] all = stream.toByteArray();
            Feeding.Outcome whole = null;
            for (int chunk : Feeding.CHUNK_SIZES) {
                String context = "iteration " + i + ", seed " + seed + "L, fed " + Feeding.describe(chunk) + ", messages " + messages;
                var result = Feeding.feed(all, chunk);
                assertThat(result.errors()).as(context).isEmpty();
                assertThat(result.messages()).as(context).hasSize(count);
                assertThat(result.outcome().buffered()).as(context).isZero();
                if (whole == null) {
                    whole = result.outcome();
                } else {
                    assertThat(result.outcome()).as(context).isEqualTo(whole);
                }
                for (int k = 0; k < count; k++) {
                    Message parsed = result.messages().get(k);
                    ByteOrder order = encoded.get(k)[0] == 'B' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                    assertThat(parsed.serial()).as(context).isEqualTo(serials.get(k));
                    try {
                        CapturedVectorsTest.assertSameMessage(parsed, messages.get(k), order);
                    } catch (AssertionError e) {
                        throw new AssertionError(context + ": " + e.getMessage(), e);
                    }
                    assertThat(HexFormat.of().formatHex(parsed.serialize(parsed.serial())))
                            .as("re-serialized message %d: %s", k, context)
                            .isEqualTo(HexFormat.of().formatHex(encoded.get(k)));
                }
            }
        }
    }

    private static final String[] NAMES = {"org.example.Test", "a.b", "org.freedesktop.DBus", "x_1.y-2.z"};
    private static final String[] UNIQUE = {":1.42", ":1.0", ":abc.d-e"};
    private static final String[] MEMBERS = {"Method", "m", "Get_All2", "_x"};

    private static Message randomMessage(Random random) {
        var gen = new RandomValues(random);
        MessageType type = MessageType.values()[random.nextInt(4)];
        var b = Message.builder(type).flags(random.nextInt(256));
        boolean needsPath = type == MessageType.METHOD_CALL || type == MessageType.SIGNAL;
        if (needsPath || random.nextInt(4) == 0) {
            b.path(gen.objectPath());
        }
        if (type == MessageType.SIGNAL || random.nextBoolean()) {
            b.interfaceName(NAMES[random.nextInt(NAMES.length)].replace('-', '_'));
        }
        if (needsPath || random.nextInt(4) == 0) {
            b.member(MEMBERS[random.nextInt(MEMBERS.length)]);
        }
        if (type == MessageType.ERROR) {
            b.errorName("org.example.Error.Failed");
        }
        if (type == MessageType.ERROR || type == MessageType.METHOD_RETURN || random.nextInt(4) == 0) {
            b.replySerial(random.nextBoolean() ? 1 + random.nextInt(1000) : -1 - random.nextInt(1000));
        }
        if (random.nextBoolean()) {
            b.destination(random.nextBoolean() ? NAMES[random.nextInt(NAMES.length)] : UNIQUE[random.nextInt(UNIQUE.length)]);
        }
        if (random.nextInt(3) == 0) {
            b.sender(UNIQUE[random.nextInt(UNIQUE.length)]);
        }
        if (random.nextInt(5) != 0) {
            Signature signature = gen.signature(1, 5);
            b.body(signature, gen.values(signature));
        }
        return b.build();
    }
}
