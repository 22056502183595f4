package io.jitney.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jitney.ProtocolException;
import io.jitney.message.MessageParser;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Hand-built messages whose length prefixes lie. Each must fail fast with a
 * {@link ProtocolException} that names the offset of the lie, and cost almost nothing (measured
 * per thread where the JVM counts allocations, as HotSpot does): the
 * parser checks a length before allocating for it (STYLE lesson 5). A message that claims a
 * large but legal body and has not arrived yet just makes the parser wait, without allocating
 * for the claim.
 *
 * <p>The vectors are little-endian {@code METHOD_RETURN}s: fixed header
 * ({@code 6c 02 00 01}, body length, serial 1, fields length), then {@code REPLY_SERIAL = 1}
 * ({@code 05 01 75 00 01000000}), then a {@code SIGNATURE} field if there is a body.
 */
class HostileLengthTest {
    /** A malicious length must not cost more than this. The parser's own buffer is 64 KiB. */
    private static final long MAX_ALLOCATION = 1L << 20;
    private static final Duration FAST = Duration.ofSeconds(2);

    private static final String REPLY_SERIAL_1 = "05017500 01000000";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    /**
     * Feeds {@code message} whole, in 16-byte chunks and bytewise; each time it must be rejected
     * at {@code offset} with a message containing {@code text}, allocating less than 1 MiB.
     */
    private static void assertRejected(byte[] message, long offset, String text) {
        for (int chunk : Feeding.CHUNK_SIZES) {
            var measured = assertTimeoutPreemptively(FAST, () -> Allocations.measure(() -> Feeding.feed(message, chunk)));
            assertThat(measured.thrown()).as("fed %s", Feeding.describe(chunk)).isNull();
            // Feeding again outside the measurement to look at what it produced.
            var result = Feeding.feed(message, chunk);
            assertThat(result.errors()).as("fed %s: %s", Feeding.describe(chunk), result.outcome()).hasSize(1);
            ProtocolException e = result.errors().getFirst();
            assertThat(e.offset()).as("offset of: %s", e.getMessage()).isEqualTo(offset);
            assertThat(e.getMessage()).contains(text).containsOnlyOnce("(at offset " + offset + ")");
            assertThat(result.messages()).isEmpty();
            if (Allocations.supported()) {
                assertThat(measured.bytes()).as("bytes allocated rejecting it, fed %s", Feeding.describe(chunk))
                        .isLessThan(MAX_ALLOCATION);
            }
        }
    }

    /** The measurement the other tests rely on does see a large allocation. */
    @Test
    void allocationMeasurementSeesALargeAllocation() {
        Assumptions.assumeTrue(Allocations.supported(),
                "this JVM does not count per-thread allocations (com.sun.management.ThreadMXBean); run on HotSpot");
        byte[][] keep = new byte[1][];
        var measured = Allocations.measure(() -> keep[0] = new byte[4 << 20]);
        assertThat(keep[0]).hasSize(4 << 20);
        assertThat(measured.bytes()).isGreaterThanOrEqualTo(4L << 20);
    }

    @Test
    void arrayLengthOf0xFFFFFFF0InA40ByteMessage() {
        byte[] m = hex("6c020001 08000000 01000000 10000000 " + REPLY_SERIAL_1
                + " 08016700 02616900" // SIGNATURE "ai"
                + " f0ffffff 00000000"); // array length 0xFFFFFFF0, then 4 bytes
        assertThat(m).hasSize(40);
        assertRejected(m, 32, "array length 4294967280 exceeds the maximum of 67108864");
    }

    @Test
    void arrayLengthWithinTheLimitButPastTheEndOfTheMessage() {
        byte[] m = hex("6c020001 08000000 01000000 10000000 " + REPLY_SERIAL_1
                + " 08016700 02616900" // SIGNATURE "ai"
                + " 00000003 00000000"); // 48 MiB: legal for an array, but 4 bytes remain
        assertRejected(m, 32, "array length 50331648 runs past the end of the data");
    }

    @Test
    void stringLengthOf0xFFFFFFFF() {
        byte[] m = hex("6c020001 08000000 01000000 0f000000 " + REPLY_SERIAL_1
                + " 08016700 017300 00" // SIGNATURE "s", then header padding
                + " ffffffff 00000000");
        assertRejected(m, 32, "string length 4294967295 exceeds the maximum of 134217728");
    }

    @Test
    void hugeArrayLengthInsideAnUnknownHeaderField() {
        byte[] m = hex("6c020001 00000000 01000000 18000000 " + REPLY_SERIAL_1
                + " 50026179 00000000" // unknown field 0x50 of type "ay", padding
                + " f0ffffff 00000000"); // its length 0xFFFFFFF0
        assertRejected(m, 32, "array length 4294967280 exceeds");
    }

    @Test
    void headerClaimingABodyOver128MiB() {
        // body length 2^27 + 1: with the 24-byte header the message exceeds 128 MiB
        byte[] m = hex("6c020001 01000008 01000000 08000000 " + REPLY_SERIAL_1);
        assertRejected(m, 4, "exceeds the maximum of 134217728");
    }

    @Test
    void headerClaimingExactly128MiBInTotalIsFramedAndAwaited() {
        // body length 2^27 - 24: header (24) + body is exactly the maximum message length
        byte[] m = hex("6c020001 e8ffff07 01000000 08000000 " + REPLY_SERIAL_1);
        assertAwaited(m, (1 << 27) - m.length);
        // one more byte is too many
        m[4] = (byte) 0xe9;
        assertRejected(m, 4, "message length 134217729");
    }

    @Test
    void headerFieldsLengthOver64MiB() {
        byte[] m = hex("6c020001 00000000 01000000 01000004 " + REPLY_SERIAL_1);
        assertRejected(m, 12, "header fields length 67108865 exceeds the maximum array length 67108864");
    }

    @Test
    void bodyLongerThanItsValues() {
        // body length 8, signature "u": 4 bytes are left over
        byte[] m = hex("6c020001 08000000 01000000 0f000000 " + REPLY_SERIAL_1
                + " 08016700 017500 00" + " 07000000 00000000");
        assertRejected(m, 36, "body has 4 bytes left over");
    }

    @Test
    void bodyShorterThanItsValues() {
        // body length 4, signature "t": the UINT64 needs 8
        byte[] m = hex("6c020001 04000000 01000000 0f000000 " + REPLY_SERIAL_1
                + " 08016700 017400 00" + " 07000000");
        assertRejected(m, 32, "64-bit integer needs 8 bytes but 4 remain");
    }

    @Test
    void bodyWithoutASignature() {
        byte[] m = hex("6c020001 04000000 01000000 08000000 " + REPLY_SERIAL_1 + " 07000000");
        assertRejected(m, 24, "body has 4 bytes but the message has no SIGNATURE header field");
    }

    @Test
    void headerClaiming100MiBBodyFollowedBy100BytesMakesTheParserWaitCheaply() {
        byte[] header = hex("6c020001 00004006 01000000 0f000000 " + REPLY_SERIAL_1 + " 08016100 016100 00");
        assertThat(header).hasSize(32);
        byte[] m = new byte[header.length + 100];
        System.arraycopy(header, 0, m, 0, header.length);
        assertAwaited(m, 100 * (1 << 20) - 100);
    }

    /** Every chunking: no message, no error, the rest awaited, and little allocated. */
    private static void assertAwaited(byte[] partial, int stillWanted) {
        for (int chunk : Feeding.CHUNK_SIZES) {
            MessageParser[] parser = new MessageParser[1];
            Object[] next = {"unset"};
            var measured = assertTimeoutPreemptively(FAST, () -> Allocations.measure(() -> {
                parser[0] = new MessageParser();
                for (int off = 0; off < partial.length; off += Math.min(chunk, partial.length - off)) {
                    parser[0].feed(partial, off, Math.min(chunk, partial.length - off));
                    next[0] = parser[0].next();
                }
            }));
            assertThat(measured.thrown()).as("fed %s", Feeding.describe(chunk)).isNull();
            assertThat(next[0]).as("message from a partial stream").isNull();
            assertThat(parser[0].bytesWanted()).isEqualTo(stillWanted);
            assertThat(parser[0].buffered()).isEqualTo(partial.length);
            if (Allocations.supported()) {
                assertThat(measured.bytes()).as("bytes allocated waiting, fed %s", Feeding.describe(chunk))
                        .isLessThan(MAX_ALLOCATION);
            }
            parser[0].close();
        }
    }
}
