package io.jitney.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.ProtocolException;
import io.jitney.wire.ObjectPath;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The header caches ({@link HeaderBytesCache} when writing, {@link HeaderFieldsCache} when
 * parsing) give exactly what encoding and parsing each message afresh gives: they never serve
 * one message another's fields, never let a message skip a check its type needs, and never
 * remember a block that failed validation.
 */
class HeaderCachesTest {
    private static Message call(String path, String member, String destination) {
        return Message.builder(MessageType.METHOD_CALL).path(path).interfaceName("org.example.Cache").member(member)
                .destination(destination).body("s", "x").build();
    }

    /** A lookup in the shared table alone: a fresh {@link HeaderFieldsCache.Recent} each time. */
    private static HeaderFields find(int hash, byte[] b, int off, int len, boolean bigEndian) {
        return HeaderFieldsCache.find(hash, b, off, len, bigEndian, new HeaderFieldsCache.Recent());
    }

    private static Message parse(byte[] bytes) {
        var parser = new MessageParser();
        parser.feed(bytes);
        Message m = parser.next();
        assertThat(m).isNotNull();
        return m;
    }

    @Test
    void aRepeatedCallIsWrittenAndParsedAsItWasTheFirstTime() {
        Message m = call("/org/example/A", "Repeat", "org.example.Dest");
        byte[] first = m.serialize(1);
        for (int i = 0; i < 3; i++) {
            byte[] again = m.serialize(1);
            assertThat(again).isEqualTo(first);
            Message parsed = parse(again);
            assertThat(parsed.path()).isEqualTo(new ObjectPath("/org/example/A"));
            assertThat(parsed.member()).isEqualTo("Repeat");
            assertThat(parsed.destination()).isEqualTo("org.example.Dest");
            assertThat(parsed.body()).containsExactly("x");
        }
    }

    @Test
    void equalValuesInOtherInstancesShareTheEncodingAndOtherValuesDoNot() {
        Message a = call("/org/example/B", "Same", "org.example.Dest");
        byte[] bytes = a.serialize(5);
        // Equal strings, distinct objects: same bytes.
        Message b = call(new String("/org/example/B".toCharArray()), new String("Same".toCharArray()),
                new String("org.example.Dest".toCharArray()));
        assertThat(b.serialize(5)).isEqualTo(bytes);
        // The sender is not hashed, so these land in one slot: each must still get its own bytes.
        Message fromX = a.toBuilder().sender(":1.7").build();
        Message fromY = a.toBuilder().sender(":1.8").build();
        assertThat(parse(fromX.serialize(6)).sender()).isEqualTo(":1.7");
        assertThat(parse(fromY.serialize(6)).sender()).isEqualTo(":1.8");
        assertThat(parse(fromX.serialize(6)).sender()).isEqualTo(":1.7");
        // Same values in the other byte order: other bytes, parsed back to the same values.
        byte[] big = a.serialize(5, ByteOrder.BIG_ENDIAN);
        assertThat(big[0]).isEqualTo((byte) 'B');
        Message parsedBig = parse(big);
        assertThat(parsedBig.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(parsedBig.member()).isEqualTo("Same");
        assertThat(parse(a.serialize(5)).byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void repliesCarryTheirOwnReplySerial() {
        for (int serial = 1; serial <= 3; serial++) {
            Message reply = Message.builder(MessageType.METHOD_RETURN).replySerial(serial).destination(":1.9")
                    .body("s", "r").build();
            assertThat(parse(reply.serialize(100 + serial)).replySerial()).isEqualTo(serial);
        }
    }

    @Test
    void aSignalWithTheFieldsOfACachedCallIsStillCheckedForItsInterface() {
        Message m = Message.builder(MessageType.METHOD_CALL).path("/org/example/C").member("NoInterface")
                .body("s", "x").build();
        byte[] bytes = m.serialize(1);
        parse(bytes); // now cached
        parse(bytes);
        bytes[1] = (byte) MessageType.SIGNAL.code(); // same field bytes, a type that needs INTERFACE
        assertThatThrownBy(() -> parse(bytes)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("INTERFACE");
    }

    @Test
    void aBlockThatFailedValidationIsRejectedEveryTime() {
        byte[] bytes = call("/org/example/D", "Good", "org.example.Dest").serialize(1);
        int at = indexOf(bytes, "Good".getBytes(StandardCharsets.US_ASCII));
        bytes[at] = '-'; // "-ood" is not a member name
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> parse(bytes)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("MEMBER");
        }
    }

    @Test
    void aParserComparesWithTheBlockItFoundLastByEveryByte() {
        // Same length, one letter apart: only a comparison of every byte tells them apart.
        byte[] left = call("/org/example/F", "Left", "org.example.Dest").serialize(1);
        byte[] right = call("/org/example/F", "Rite", "org.example.Dest").serialize(1);
        assertThat(left).hasSameSizeAs(right);
        var parser = new MessageParser();
        String sequence = "LLLRRLRLLR";
        for (int i = 0; i < sequence.length(); i++) {
            boolean isLeft = sequence.charAt(i) == 'L';
            parser.feed(isLeft ? left : right);
            assertThat(parser.next().member()).as("message %d", i).isEqualTo(isLeft ? "Left" : "Rite");
        }
        byte[] big = call("/org/example/F", "Left", "org.example.Dest").serialize(2, ByteOrder.BIG_ENDIAN);
        parser.feed(big);
        Message m = parser.next();
        assertThat(m.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(m.member()).isEqualTo("Left");
    }

    @Test
    void theFieldsCacheTellsTheByteOrdersApart() {
        byte[] bytes = call("/org/example/E", "Order", "org.example.Dest").serialize(1);
        int length = bytes[12] & 0xff;
        parse(bytes);
        parse(bytes); // a block that found its slot taken is stored when it misses there again
        int hash = HeaderFieldsCache.hash(bytes, 16, length);
        assertThat(find(hash, bytes, 16, length, false)).isNotNull();
        assertThat(find(hash, bytes, 16, length, true)).isNull();
    }

    @Test
    void aBlockSeenOnceDoesNotEvictACachedOneButABlockSeenTwiceDoes() {
        byte[] a = call("/org/example/resident", "Stay", "org.example.Dest").serialize(1);
        int aHash = HeaderFieldsCache.hash(a, 16, a[12] & 0xff);
        byte[] b = null;
        for (int k = 0; b == null; k++) { // another header that falls in the same slot
            byte[] candidate = call("/org/example/visitor" + k, "Visit", "org.example.Dest").serialize(1);
            int hash = HeaderFieldsCache.hash(candidate, 16, candidate[12] & 0xff);
            if (hash != aHash && (hash & 255) == (aHash & 255)) {
                b = candidate;
            }
        }
        int bHash = HeaderFieldsCache.hash(b, 16, b[12] & 0xff);
        parse(a);
        parse(a);
        assertThat(find(aHash, a, 16, a[12] & 0xff, false)).isNotNull();
        assertThat(parse(b).path().value()).startsWith("/org/example/visitor");
        assertThat(find(aHash, a, 16, a[12] & 0xff, false)).as("after one miss of b").isNotNull();
        assertThat(find(bHash, b, 16, b[12] & 0xff, false)).isNull();
        parse(b);
        assertThat(find(bHash, b, 16, b[12] & 0xff, false)).as("after two misses of b").isNotNull();
        assertThat(parse(a).member()).isEqualTo("Stay");
    }

    @Test
    void threadsWritingAndParsingManyHeadersAtOnceEachGetTheirOwn() throws Exception {
        int threads = 4;
        int distinct = 600; // more than either table has slots: entries are replaced all the time
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                results.add(pool.submit((Callable<Integer>) () -> {
                    var writer = new MessageWriter();
                    var parser = new MessageParser();
                    int checked = 0;
                    for (int i = 0; i < 20_000; i++) {
                        int k = (i * 7 + seed * 131) % distinct;
                        Message m = call("/org/example/n" + k, "M" + k, "org.example.D" + (k % 5));
                        ByteOrder order = k % 3 == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                        parser.feed(writer.write(m, i + 1, order));
                        Message back = parser.next();
                        if (!back.member().equals("M" + k) || !back.path().value().equals("/org/example/n" + k)
                                || !back.destination().equals("org.example.D" + (k % 5)) || back.serial() != i + 1
                                || back.byteOrder() != order) {
                            throw new AssertionError("message " + i + " of thread " + seed + " came back as " + back);
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(20_000);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
