package io.jitney.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.ProtocolException;
import io.jitney.wire.Values;
import io.jitney.wire.Variant;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The same stream, fed whole, in 16-byte chunks or byte by byte, gives the same messages. */
class ParserChunkingTest {
    static final DBusAddress OBJ = new DBusAddress("/org/example/Obj", "org.example.Service", "org.example.Iface");

    static List<Message> sample() {
        return List.of(
                Messages.newMethodCall(OBJ, "Ping", ""),
                Messages.newMethodCall(OBJ, "Put", "sa{sv}at", "key", Map.of("a", Variant.of("s", "b")), List.of()),
                Message.builder(MessageType.SIGNAL).path("/a").interfaceName("org.example.Iface").member("Changed")
                        .byteOrder(ByteOrder.BIG_ENDIAN).body("ayv", new byte[] {1, 2, 3}, Variant.of(Variant.of(7))).build(),
                Message.builder(MessageType.ERROR).replySerial(5).errorName("org.example.Error.Failed")
                        .body("s", "it broke").build());
    }

    static byte[] stream(List<Message> messages) {
        var out = new ByteArrayOutputStream();
        int serial = 1;
        for (Message m : messages) {
            out.writeBytes(m.serialize(serial++));
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {Integer.MAX_VALUE, 16, 7, 1})
    void chunkSizeDoesNotMatter(int chunk) {
        List<Message> sent = sample();
        byte[] bytes = stream(sent);
        var parser = new MessageParser();
        var got = new ArrayList<Message>();
        for (int off = 0; off < bytes.length; off += chunk) {
            int n = Math.min(chunk, bytes.length - off);
            assertThat(parser.bytesWanted()).isPositive();
            parser.feed(bytes, off, n);
            Message m;
            while ((m = parser.next()) != null) {
                got.add(m);
            }
        }
        assertThat(got).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Message a = sent.get(i);
            Message b = got.get(i);
            assertThat(b.serial()).isEqualTo(i + 1);
            assertThat(b.type()).isEqualTo(a.type());
            assertThat(b.member()).isEqualTo(a.member());
            assertThat(b.signature()).isEqualTo(a.signature());
            assertThat(b.byteOrder()).isEqualTo(a.byteOrder());
            assertThat(Values.deepEquals(a.body(), b.body())).as("body of message %d: %s vs %s", i, a, b).isTrue();
            assertThat(b.serialize(i + 1)).isEqualTo(a.serialize(i + 1));
        }
        assertThat(parser.buffered()).isZero();
    }

    @Test
    void bytesWantedCountsDownToTheEndOfTheMessage() {
        byte[] bytes = sample().get(1).serialize(1);
        var parser = new MessageParser();
        assertThat(parser.bytesWanted()).isEqualTo(16);
        parser.feed(bytes, 0, 10);
        assertThat(parser.bytesWanted()).isEqualTo(6);
        parser.feed(bytes, 10, 6);
        assertThat(parser.bytesWanted()).isEqualTo(bytes.length - 16);
        parser.feed(bytes, 16, bytes.length - 16);
        assertThat(parser.next()).isNotNull();
    }

    @Test
    void theReadBufferGrowsWithWhatArrivesNotWithWhatTheHeaderClaims() {
        byte[] call = Messages.newMethodCall(OBJ, "Put", "ay", (Object) new byte[100]).serialize(1);
        // Claim a 100 MiB body in the header; send only what the real message has.
        java.nio.ByteBuffer.wrap(call, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(100 << 20);
        var parser = new MessageParser();
        parser.feed(call);
        assertThat(parser.next()).isNull();
        assertThat(parser.bytesWanted()).isGreaterThan(99 << 20);
        var room = parser.writableBuffer(1024);
        assertThat(room.remaining()).isLessThan(1 << 20);
    }

    @Test
    void framingErrorStopsTheParserForGood() {
        var parser = new MessageParser();
        byte[] garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes();
        parser.feed(garbage);
        assertThatThrownBy(parser::next).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("byte order mark").hasMessageContaining("stream offset 0");
        assertThatThrownBy(() -> parser.feed(stream(sample()))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("accepts no more input");
        assertThat(parser.isBroken()).isTrue();
    }

    @Test
    void aMalformedBodyIsReportedAndTheNextMessageStillParses() {
        byte[] good = sample().getFirst().serialize(2);
        byte[] bad = Messages.newMethodCall(OBJ, "Flag", "b", true).serialize(1);
        bad[bad.length - 4] = 2; // boolean 2
        var parser = new MessageParser();
        parser.feed(bad);
        parser.feed(good);
        assertThatThrownBy(parser::next).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("boolean value 2 is neither 0 nor 1");
        assertThat(parser.next().serial()).isEqualTo(2);
    }

    @Test
    void unknownMessageTypesAreSkippedAsTheSpecRequires() {
        byte[] unknown = Messages.newMethodCall(OBJ, "Ping", "").serialize(1);
        unknown[1] = 9;
        var parser = new MessageParser();
        parser.feed(unknown);
        parser.feed(sample().getFirst().serialize(2));
        assertThat(parser.next().serial()).isEqualTo(2);
        assertThat(parser.skippedMessages()).isEqualTo(1);
    }
}
