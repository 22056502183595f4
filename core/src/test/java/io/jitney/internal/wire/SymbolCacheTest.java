package io.jitney.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The symbol cache gives back the string its bytes spell, whatever their length, where they sit in
 * the array, and whatever else shares their slot; a repeated string comes back as the same instance.
 */
class SymbolCacheTest {
    private static String randomAscii(SplittableRandom random, int length) {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) random.nextInt(1, 128));
        }
        return sb.toString();
    }

    /** {@code s} at offset {@code off} of an array with {@code tail} bytes after it. */
    private static byte[] placed(String s, int off, int tail) {
        byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[off + ascii.length + tail];
        System.arraycopy(ascii, 0, b, off, ascii.length);
        return b;
    }

    @Test
    void everyLengthAtEveryPlaceInTheArrayDecodesToItsText() {
        var random = new SplittableRandom(1);
        for (int len = 0; len <= SymbolCache.MAX_LENGTH; len++) {
            String s = randomAscii(random, len);
            // 0..9 bytes after the text: the short-string path reads eight bytes at a time and
            // must fall back where fewer than eight remain in the array.
            for (int tail = 0; tail < 10; tail++) {
                for (int off : new int[] {0, 3, 8}) {
                    assertThat(SymbolCache.string(placed(s, off, tail), off, len))
                            .as("length %d at offset %d with %d bytes after", len, off, tail).isEqualTo(s);
                }
            }
        }
    }

    @Test
    void aRepeatedStringIsTheSameInstanceAndItsNeighboursDoNotLeakIntoIt() {
        for (String s : List.of("key0", "Name", "urgency", "category", "Connected", "org.freedesktop.DBus")) {
            // the bytes after the text differ between the two lookups; only the text counts
            byte[] first = placed(s + "\0AAAAAAAA", 5, 0);
            byte[] second = placed(s + "\0BBBBBBBB", 2, 0);
            String a = SymbolCache.string(first, 5, s.length());
            String b = SymbolCache.string(second, 2, s.length());
            assertThat(a).isEqualTo(s);
            assertThat(b).as("second lookup of %s", s).isSameAs(a);
        }
        // prefixes of one another are different strings
        byte[] text = placed("abcdefgh", 0, 8);
        for (int len = 0; len <= 8; len++) {
            assertThat(SymbolCache.string(text, 0, len)).isEqualTo("abcdefgh".substring(0, len));
        }
    }

    @Test
    void manyMoreStringsThanSlotsAlwaysComeBackRight() {
        var random = new SplittableRandom(7);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            strings.add(randomAscii(random, random.nextInt(0, 17)));
        }
        for (int round = 0; round < 3; round++) {
            for (String s : strings) {
                byte[] b = placed(s, round, 8);
                assertThat(SymbolCache.string(b, round, s.length())).isEqualTo(s);
            }
        }
    }

    @Test
    void threadsSharingTheTableEachGetTheirOwnText() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                results.add(pool.submit(() -> {
                    var random = new SplittableRandom(seed);
                    int checked = 0;
                    for (int i = 0; i < 50_000; i++) {
                        String s = randomAscii(random, random.nextInt(1, 12)).substring(0, 1) + (i % 600);
                        byte[] b = placed(s, 1, random.nextInt(0, 9));
                        String got = SymbolCache.string(b, 1, s.length());
                        if (!got.equals(s)) {
                            throw new AssertionError("asked for " + s + ", got " + got);
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(50_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
