package io.jitney.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.jitney.ProtocolException;
import io.jitney.internal.wire.WireReader;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.testing.SharedReference;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference corpora, read in place from {@code ../shared/reference/corpus}: libdbus's
 * valid and invalid message vectors and systemd's sd-bus fuzzer seeds. Every file is fed to the
 * parser whole, in 16-byte chunks and one byte at a time, which must give the same outcome.
 * The property for every file (STYLE lesson 11): it parses or raises {@link ProtocolException},
 * never another throwable, never a hang, never an allocation the input merely claims.
 */
class CorpusTest {
    /** Generous: the largest blob is 49 KiB and parses in microseconds; only a hang trips it. */
    private static final Duration PER_FILE = Duration.ofSeconds(10);
    /** Far above what any blob needs (the parser's own buffer is 64 KiB), far below a claimed length. */
    private static final long MAX_ALLOCATION = 64L << 20;

    private static Path dbusTestData() {
        return SharedReference.assumeAvailable("corpus").resolve("dbus-test-data");
    }

    private static List<Path> files(Path dir, String suffix) {
        Assumptions.assumeTrue(Files.isDirectory(dir), () -> dir + " not found: corpus tests skipped");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = s.filter(Files::isRegularFile)
                    .filter(p -> suffix == null ? !p.getFileName().toString().endsWith(".md")
                            : p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
            assertThat(out).as("files in %s", dir).isNotEmpty();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Feeds {@code data} in every chunking under a timeout, checks each feeding's allocation and
     * that all agree, and returns the whole-stream result.
     */
    private static Feeding.Result feedEveryWay(String name, byte[] data) {
        return assertTimeoutPreemptively(PER_FILE, () -> {
            var results = new ArrayList<Feeding.Result>();
            for (int chunk : Feeding.CHUNK_SIZES) {
                Feeding.Result[] result = new Feeding.Result[1];
                var measured = Allocations.measure(() -> result[0] = Feeding.feed(data, chunk));
                if (measured.thrown() != null) {
                    throw new AssertionError(name + " fed " + Feeding.describe(chunk) + " threw "
                            + measured.thrown() + "; only ProtocolException is allowed", measured.thrown());
                }
                if (Allocations.supported()) {
                    assertThat(measured.bytes())
                            .as("%s (%d bytes) fed %s allocated %d bytes", name, data.length, Feeding.describe(chunk), measured.bytes())
                            .isLessThan(MAX_ALLOCATION);
                }
                results.add(result[0]);
            }
            for (int i = 1; i < results.size(); i++) {
                assertThat(results.get(i).outcome())
                        .as("%s fed %s vs whole", name, Feeding.describe(Feeding.CHUNK_SIZES[i]))
                        .isEqualTo(results.getFirst().outcome());
            }
            return results.getFirst();
        }, () -> name + " took longer than " + PER_FILE + " (hang?)");
    }

    @TestFactory
    Stream<DynamicTest> validMessagesAreAccepted() {
        return files(dbusTestData().resolve("valid-messages"), ".message-raw").stream().map(p -> dynamicTest(
                p.getFileName().toString(), () -> {
                    var result = feedEveryWay(p.getFileName().toString(), read(p));
                    var outcome = result.outcome();
                    assertThat(result.errors()).as("errors for a valid message").isEmpty();
                    assertThat(outcome.buffered()).as("bytes left over").isZero();
                    // A message of a type the spec does not define is accepted and ignored.
                    assertThat(result.messages().size() + outcome.skipped()).as("messages accepted").isEqualTo(1);
                }));
    }

    @TestFactory
    Stream<DynamicTest> invalidMessagesAreRejected() {
        return files(dbusTestData().resolve("invalid-messages"), ".message-raw").stream().map(p -> dynamicTest(
                p.getFileName().toString(), () -> {
                    var result = feedEveryWay(p.getFileName().toString(), read(p));
                    assertThat(result.errors()).as("%s must be rejected; got %s", p.getFileName(), result.outcome())
                            .isNotEmpty();
                    assertThat(result.messages()).as("messages delivered from an invalid file").isEmpty();
                    assertThat(result.outcome().skipped()).as("invalid message silently skipped").isZero();
                }));
    }

    @TestFactory
    Stream<DynamicTest> systemdFuzzBlobsParseOrFailCleanly() {
        return files(SharedReference.assumeAvailable("corpus").resolve("systemd-fuzz-bus-message"), null).stream().map(p -> dynamicTest(
                p.getFileName().toString(), () -> {
                    byte[] data = read(p);
                    var result = feedEveryWay(p.getFileName().toString(), data);
                    if (data.length >= 4 && data[3] == 2) {
                        // GVariant ("version 2") encoding: a framing error at the version byte.
                        assertThat(result.outcome().broken()).as("version-2 blob must break framing").isTrue();
                        ProtocolException e = result.errors().getFirst();
                        assertThat(e.getMessage()).contains("protocol version 2");
                        assertThat(e.offset()).isEqualTo(3);
                    } else {
                        assertThat(result.messages().size() + result.errors().size() + result.outcome().skipped()
                                + (result.outcome().buffered() > 0 ? 1 : 0))
                                .as("%s produced nothing at all: %s", p.getFileName(), result.outcome())
                                .isPositive();
                    }
                }));
    }

    /** The annotated {@code .hex} dumps decode to exactly the binaries beside them. */
    @TestFactory
    Stream<DynamicTest> hexDumpsMatchTheirBinaries() {
        var dumps = new ArrayList<Path>();
        dumps.addAll(files(dbusTestData().resolve("valid-messages"), ".message-raw.hex"));
        dumps.addAll(files(dbusTestData().resolve("invalid-messages"), ".message-raw.hex"));
        return dumps.stream().map(hex -> dynamicTest(hex.getFileName().toString(), () -> {
            Path raw = hex.resolveSibling(hex.getFileName().toString().replaceFirst("\\.hex$", ""));
            assertThat(decodeHexDump(hex)).isEqualTo(read(raw));
        }));
    }

    /** Strips {@code #} comments and whitespace and decodes the rest, as upstream's {@code xxd -p -r}. */
    private static byte[] decodeHexDump(Path hex) throws IOException {
        var sb = new StringBuilder();
        for (String line : Files.readAllLines(hex)) {
            int hash = line.indexOf('#');
            sb.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(sb);
    }

    /** {@code minimal}: the values its annotation lists. */
    @Test
    void minimalHasTheAnnotatedValues() {
        Path p = dbusTestData().resolve("valid-messages/minimal.message-raw");
        Assumptions.assumeTrue(Files.isRegularFile(p), () -> p + " not found: corpus test skipped");
        var result = feedEveryWay("minimal", read(p));
        assertThat(result.messages()).hasSize(1);
        Message m = result.messages().getFirst();
        assertThat(m.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(m.type()).isEqualTo(MessageType.METHOD_RETURN);
        assertThat(m.flags()).isZero();
        assertThat(m.serial()).isEqualTo(2);
        assertThat(m.replySerial()).isEqualTo(1);
        assertThat(m.signature()).isEqualTo(Signature.EMPTY);
        assertThat(m.body()).isEmpty();
        assertThat(m.path()).isNull();
        assertThat(m.interfaceName()).isNull();
        assertThat(m.member()).isNull();
        assertThat(m.errorName()).isNull();
        assertThat(m.destination()).isNull();
        assertThat(m.sender()).isNull();
        // And Jitney writes it identically.
        assertThat(m.serialize(2)).isEqualTo(read(p));
    }

    /**
     * {@code byteswap-fd-index}: big-endian, of an undefined type (0x2d), so the parser validates
     * and skips it. Its annotated fields are checked with the wire reader directly; the body is
     * read as {@code uv}, which has the same encoding as its {@code hv} (an fd index is a UINT32).
     */
    @Test
    void byteswapFdIndexHasTheAnnotatedValues() {
        Path p = dbusTestData().resolve("valid-messages/byteswap-fd-index.message-raw");
        Assumptions.assumeTrue(Files.isRegularFile(p), () -> p + " not found: corpus test skipped");
        byte[] data = read(p);
        var result = feedEveryWay("byteswap-fd-index", data);
        assertThat(result.messages()).isEmpty();
        assertThat(result.outcome().skipped()).isEqualTo(1);

        assertThat(data[0]).isEqualTo((byte) 'B');
        var r = new WireReader(data, 0, data.length, ByteOrder.BIG_ENDIAN);
        r.seek(1);
        assertThat(r.readByte()).as("type").isEqualTo(0x2d);
        assertThat(r.readByte()).as("flags").isEqualTo(0x31);
        assertThat(r.readByte()).as("version").isEqualTo(1);
        assertThat(r.readInt32()).as("body length").isEqualTo(12);
        assertThat(r.readInt32()).as("serial").isEqualTo(0x97bc9023);
        r.seek(12);
        Object fields = r.read(Signature.of("a(yv)").type());
        assertThat(fields).isEqualTo(List.of(Struct.of((byte) 8, Variant.of("g", Signature.of("hv")))));
        r.align(8);
        assertThat(r.offset()).isEqualTo(data.length - 12);
        List<Object> body = r.readAll(Signature.of("uv").types());
        assertThat(body).containsExactly(0xf8280208L, Variant.of("av", List.of()));
        assertThat(r.remaining()).isZero();
    }
}
