package io.jitney.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.ProtocolException;
import io.jitney.testing.Fds;
import io.jitney.wire.Limits;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Descriptors through the sans-I/O parser: each message owns exactly what it declares, and
 * nothing fed in is left open — extra descriptors, those of malformed or unknown messages, those
 * still pending at close.
 */
class ParserFdTest {
    private int openBefore;

    @BeforeEach
    void countBefore() {
        openBefore = Fds.openCount();
    }

    @AfterEach
    void nothingLeftOpen() {
        assertThat(Fds.openCount()).as("descriptors open after the test").isEqualTo(openBefore);
    }

    /** {@code n} fresh raw descriptors (of /dev/null), owned by the caller. */
    static int[] rawFds(int n) throws IOException {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = UnixFd.open(Path.of("/dev/null")).release();
        }
        return out;
    }

    /** A signal whose body is {@code signature} with these values (raw ints stand for indexes). */
    static byte[] signal(int serial, String signature, Object... values) {
        return Message.builder(MessageType.SIGNAL).path("/io/jitney/Test").interfaceName("io.jitney.Test")
                .member("Fds").body(signature, values).build().serialize(serial);
    }

    static void putBodyInt(byte[] msg, int fromEnd, int value) {
        ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN).putInt(msg.length - fromEnd, value);
    }

    @Test
    void aMessageOwnsEveryDescriptorItDeclaresEvenOnesItsBodyDoesNotUse() throws IOException {
        byte[] bytes = signal(1, "hh", 100, 101); // UNIX_FDS = 2, indexes 0 and 1
        putBodyInt(bytes, 4, 0); // the second value now points at index 0 too
        int[] fds = rawFds(2);
        try (var parser = new MessageParser()) {
            parser.feed(bytes);
            parser.feedFds(fds);
            Message m = parser.next();
            assertThat(m.unixFdCount()).isEqualTo(2);
            assertThat(m.body()).hasSize(2);
            assertThat(m.body().get(0)).isSameAs(m.body().get(1));
            assertThat(m.unixFds()).hasSize(2);
            assertThat(Fds.numbers(m.unixFds())).containsExactly(fds[0], fds[1]);
            m.closeUnixFds();
            assertThat(Fds.isOpen(fds[1])).as("the descriptor no value refers to is closed too").isFalse();
        }
    }

    @Test
    void extraDescriptorsAreClosedAsSoonAsTheirBytesAreParsed() throws IOException {
        int[] fds = rawFds(3);
        try (var parser = new MessageParser()) {
            parser.feed(signal(1, "h", 0));
            parser.feedFds(fds);
            Message m = parser.next();
            assertThat(Fds.numbers(m.unixFds())).containsExactly(fds[0]);
            assertThat(parser.pendingFds()).isZero();
            assertThat(parser.discardedFds()).isEqualTo(2);
            assertThat(Fds.isOpen(fds[1])).isFalse();
            assertThat(Fds.isOpen(fds[2])).isFalse();
            m.closeUnixFds();
        }
    }

    @Test
    void descriptorsWithAMessageThatDeclaresNoneAreClosed() throws IOException {
        int[] fds = rawFds(2);
        try (var parser = new MessageParser()) {
            parser.feed(signal(1, "s", "no fds"));
            parser.feedFds(fds);
            assertThat(parser.next().unixFdCount()).isZero();
            assertThat(parser.discardedFds()).isEqualTo(2);
            assertThat(Fds.isOpen(fds[0])).isFalse();
        }
    }

    @Test
    void descriptorsThatCameWithALaterMessageOfTheSameReadWaitForIt() throws IOException {
        int[] fds = rawFds(2);
        byte[] first = signal(1, "s", "none");
        byte[] second = signal(2, "ah", List.of(0, 1));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        try (var parser = new MessageParser()) {
            parser.feed(both);
            parser.feedFds(fds);
            assertThat(parser.next().unixFdCount()).isZero();
            assertThat(parser.pendingFds()).as("they may belong to the second message").isEqualTo(2);
            Message m = parser.next();
            assertThat(Fds.numbers(m.unixFds())).containsExactly(fds[0], fds[1]);
            assertThat(parser.discardedFds()).isZero();
            m.closeUnixFds();
        }
    }

    @Test
    void descriptorsWithTheFirstChunkGoToTheMessageFedByteByByte() throws IOException {
        int[] fds = rawFds(1);
        byte[] bytes = signal(1, "(sh)", new Struct(List.of("x", 0)));
        try (var parser = new MessageParser()) {
            Message m = null;
            for (int i = 0; i < bytes.length; i++) {
                parser.feed(bytes, i, 1);
                if (i == 0) {
                    parser.feedFds(fds);
                }
                m = parser.next();
                assertThat(m == null).isEqualTo(i < bytes.length - 1);
            }
            Struct s = (Struct) m.body().getFirst();
            assertThat(((UnixFd) s.get(1)).fd()).isEqualTo(fds[0]);
            m.closeUnixFds();
        }
    }

    @Test
    void aMalformedMessageClosesItsDescriptors() throws IOException {
        byte[] badIndex = signal(1, "h", 0);
        putBodyInt(badIndex, 4, 7); // index 7 of 1
        byte[] badMember = signal(2, "h", 0);
        String text = new String(badMember, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("Fds");
        badMember[at] = '-'; // "-ds" is not a member name
        byte[] good = signal(3, "s", "after");
        for (byte[] bad : List.of(badIndex, badMember)) {
            int[] fds = rawFds(1);
            try (var parser = new MessageParser()) {
                parser.feed(bad);
                parser.feedFds(fds);
                parser.feed(good);
                assertThatThrownBy(parser::next).isInstanceOf(ProtocolException.class);
                assertThat(Fds.isOpen(fds[0])).as("the malformed message's descriptor").isFalse();
                assertThat(parser.next().body()).containsExactly("after");
            }
        }
    }

    @Test
    void aMessageOfUnknownTypeClosesItsDescriptors() throws IOException {
        byte[] unknown = signal(1, "h", 0);
        unknown[1] = 42;
        int[] fds = rawFds(1);
        try (var parser = new MessageParser()) {
            parser.feed(unknown);
            parser.feedFds(fds);
            assertThat(parser.next()).isNull();
            assertThat(parser.skippedMessages()).isOne();
            assertThat(Fds.isOpen(fds[0])).isFalse();
        }
    }

    @Test
    void declaringMoreThanTheLimitOrThanArrivedIsAProtocolError() throws IOException {
        var many = new Object[Limits.MAX_UNIX_FDS];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 1000;
        }
        byte[] max = signal(1, "ah", Arrays.asList(many));
        // UNIX_FDS is the last header field: patch 253 -> 254 right before the body
        int fieldsEnd = 16 + ByteBuffer.wrap(max).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        assertThat(ByteBuffer.wrap(max).order(ByteOrder.LITTLE_ENDIAN).getInt(fieldsEnd - 4)).isEqualTo(253);
        ByteBuffer.wrap(max).order(ByteOrder.LITTLE_ENDIAN).putInt(fieldsEnd - 4, 254);
        try (var parser = new MessageParser()) {
            parser.feed(max);
            assertThatThrownBy(parser::next).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("UNIX_FDS says 254").hasMessageContaining("at most 253");
        }
        int[] one = rawFds(1);
        try (var parser = new MessageParser()) {
            parser.feed(signal(1, "hh", 0, 1));
            parser.feedFds(one);
            assertThatThrownBy(parser::next).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("declares 2 unix fds").hasMessageContaining("only 1 were received");
            assertThat(Fds.isOpen(one[0])).isFalse();
        }
    }

    @Test
    void closingTheParserOrAFramingErrorClosesWhatIsPending() throws IOException {
        int[] fds = rawFds(2);
        byte[] bytes = signal(1, "h", 0);
        try (var parser = new MessageParser()) {
            parser.feed(bytes, 0, 20);
            parser.feedFds(fds[0]);
            assertThat(parser.next()).isNull();
            assertThat(parser.pendingFds()).isOne();
        }
        assertThat(Fds.isOpen(fds[0])).isFalse();
        try (var parser = new MessageParser()) {
            byte[] broken = bytes.clone();
            broken[0] = 'X';
            parser.feed(broken);
            parser.feedFds(fds[1]);
            assertThatThrownBy(parser::next).isInstanceOf(ProtocolException.class).hasMessageContaining("framing");
            assertThat(Fds.isOpen(fds[1])).isFalse();
            int[] late = rawFds(1);
            parser.feedFds(late);
            assertThat(Fds.isOpen(late[0])).as("fed after the framing error").isFalse();
        }
    }

    @Test
    void duplicatedMessagesOwnTheirOwnDescriptorsInEveryContainer() throws IOException {
        var dict = new LinkedHashMap<String, Variant>();
        dict.put("fd", new Variant(io.jitney.wire.Signature.of("h"), 1));
        dict.put("n", new Variant(io.jitney.wire.Signature.of("i"), 7));
        Map<Integer, String> byFd = Map.of(2, "key is an fd");
        byte[] bytes = signal(1, "hv(sh)a{sv}a{hs}ai", 0, new Variant(io.jitney.wire.Signature.of("h"), 1),
                new Struct(List.of("s", 2)), dict, byFd, new int[] {1, 2, 3});
        int[] fds = rawFds(3);
        try (var parser = new MessageParser()) {
            parser.feed(bytes);
            parser.feedFds(fds);
            Message m = parser.next();
            Message copy = m.withDuplicatedFds();
            assertThat(copy.unixFdCount()).isEqualTo(3);
            List<Integer> originals = Fds.numbers(m.unixFds());
            List<Integer> copies = Fds.numbers(copy.unixFds());
            assertThat(copies).doesNotContainAnyElementsOf(originals);
            for (int fd : copies) {
                assertThat(Fds.isCloseOnExec(fd)).isTrue();
            }
            List<Object> b = copy.body();
            assertThat(b.get(0)).isSameAs(copy.unixFds().get(0));
            assertThat(((Variant) b.get(1)).value()).isSameAs(copy.unixFds().get(1));
            assertThat(((Struct) b.get(2)).get(1)).isSameAs(copy.unixFds().get(2));
            assertThat(((Map<?, ?>) b.get(3)).get("fd")).isEqualTo(new Variant(io.jitney.wire.Signature.of("h"),
                    copy.unixFds().get(1)));
            assertThat(List.copyOf(((Map<?, ?>) b.get(4)).keySet())).isEqualTo(List.of(copy.unixFds().get(2)));
            assertThat(b.get(5)).isSameAs(m.body().get(5)).as("containers without fds are shared");
            assertThat(copy.member()).isEqualTo(m.member());
            assertThat(copy.serial()).isEqualTo(m.serial());
            m.closeUnixFds();
            assertThat(copy.unixFds()).allMatch(UnixFd::isOpen);
            copy.closeUnixFds();
        }
        Message none = Messages.newSignal(new DBusAddress("/a", null, "a.b"), "C", "");
        assertThat(none.withDuplicatedFds()).isSameAs(none);
    }

    @Test
    void sendingChecksDescriptorsBeforeWriting() throws IOException {
        var many = new Object[Limits.MAX_UNIX_FDS + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 1000;
        }
        Message tooMany = Message.builder(MessageType.SIGNAL).path("/a").interfaceName("a.b").member("C")
                .body("ah", Arrays.asList(many)).build();
        assertThatThrownBy(() -> new MessageWriter().write(tooMany, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0").hasMessageContaining("more than 253 file descriptors");
        UnixFd closed = UnixFd.open(Path.of("/dev/null"));
        closed.close();
        Message withClosed = Message.builder(MessageType.SIGNAL).path("/a").interfaceName("a.b").member("C")
                .body("sh", "x", closed).build();
        assertThatThrownBy(() -> withClosed.serialize(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("argument 1").hasMessageContaining("closed or handed over");
        assertThatThrownBy(() -> Message.builder(MessageType.SIGNAL).path("/a").interfaceName("a.b").member("C")
                .body("h", "not a descriptor").build().serialize(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a UnixFd");
        // The same descriptor twice is sent once
        try (UnixFd fd = UnixFd.open(Path.of("/dev/null"))) {
            var w = new MessageWriter();
            w.write(Message.builder(MessageType.SIGNAL).path("/a").interfaceName("a.b").member("C")
                    .body("hah", fd, List.of(fd, fd)).build(), 1);
            assertThat(w.fds()).containsExactly(fd.fd());
        }
    }
}
