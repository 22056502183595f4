package io.jitney.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.testing.SharedReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fuzz property: any text parses, or fails with {@link MatchRuleSyntaxException} — never
 * another throwable, never a hang. Inputs: systemd's {@code fuzz-bus-match} corpus, read in place
 * from the shared reference directory, and seeded random mutations of it.
 */
class MatchRuleFuzzTest {

    static List<String> corpus() throws IOException {
        Path dir = SharedReference.assumeAvailable("corpus/systemd-fuzz-bus-match");
        var lines = new ArrayList<String>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".input")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        assertThat(lines).as("corpus lines").isNotEmpty();
        return lines;
    }

    /** Parses or throws MatchRuleSyntaxException; a parsed rule must round-trip. Returns whether it parsed. */
    static boolean check(String input) {
        MatchRule r;
        try {
            r = MatchRule.parse(input);
        } catch (MatchRuleSyntaxException e) {
            assertThat(e.position()).as("position for %s", input).isBetween(0, input.length());
            return false;
        }
        MatchRule back = MatchRule.parse(r.serialize());
        assertThat(back).as("round trip of %s", input).isEqualTo(r);
        assertThat(back.serialize()).isEqualTo(r.serialize());
        return true;
    }

    @Test
    @Timeout(10)
    void everyCorpusLineParsesOrIsRejectedCleanly() throws IOException {
        List<String> lines = corpus();
        int parsed = 0;
        for (String line : lines) {
            if (check(line)) {
                parsed++;
            }
        }
        // The well-formed spec rules in the corpus parse; sd-bus extensions (argNhas, arg3namespace)
        // and the trailing-quote lines are rejected.
        assertThat(parsed).isBetween(1, lines.size() - 1);
        assertThat(MatchRule.parse(lines.getFirst()).member()).isEqualTo("NameOwnerChanged");
    }

    @Test
    void corpusLinesAreJudgedAsExpected() throws IOException {
        List<String> lines = corpus();
        assertThat(lines).contains("path_namespace='/foo'", "member=waldo,path='/foo/bar',arg3namespace='prefix'",
                "arg4has='pi'", "arg2='wal\\'do',sender='foo',type='signal',interface='bar.x',");
        assertThat(check("path_namespace='/foo'")).isTrue();
        assertThat(check("member='waldo',arg2path='/prefix/'")).isTrue();
        assertThat(check("member=waldo,path='/foo/bar',arg3namespace='prefix'"))
                .as("only arg0namespace exists")
                .isFalse();
        assertThat(check("arg4has='pi'")).as("argNhas is an sd-bus extension").isFalse();
        // Inside quotes a backslash is itself, so 'wal\' closes the quote and the rest never balances.
        assertThat(check("arg2='wal\\'do',sender='foo',type='signal',interface='bar.x',")).isFalse();
    }

    @Test
    @Timeout(60)
    void randomMutationsParseOrAreRejectedCleanly() throws IOException {
        List<String> seeds = new ArrayList<>(corpus());
        seeds.add("type='signal',sender='org.example.A',interface='org.example.I',member='M',path='/a/b',"
                + "destination=':1.2',arg0='x',arg1path='/p/',eavesdrop='true'");
        seeds.add("arg0namespace='com.example',path_namespace='/'");
        seeds.add("arg0=''\\''',arg1='\\',arg2=',',arg3='\\\\'");
        String alphabet = "'\\,= \t\r\n\0argpthnmescdiyuv0123456789:./_-\uD83D\uDE00\uD800é";
        var random = new Random(20261127L);
        int parsed = 0;
        for (int i = 0; i < 200_000; i++) {
            var sb = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = sb.isEmpty() ? 0 : random.nextInt(sb.length() + 1);
                switch (random.nextInt(4)) {
                    case 0 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> {
                        if (at < sb.length()) {
                            sb.deleteCharAt(at);
                        }
                    }
                    case 2 -> {
                        if (at < sb.length()) {
                            sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        }
                    }
                    default -> {
                        String other = seeds.get(random.nextInt(seeds.size()));
                        int from = random.nextInt(other.length() + 1);
                        sb.insert(at, other, from, Math.min(other.length(), from + random.nextInt(20)));
                    }
                }
            }
            if (check(sb.toString())) {
                parsed++;
            }
        }
        assertThat(parsed).as("some mutations still parse").isPositive();
    }

    @Test
    @Timeout(10)
    void hugeInputsAreLinear() {
        assertThat(check("arg0='" + "x".repeat(1_000_000) + "'")).isTrue();
        assertThat(check("'".repeat(1_000_001))).isFalse();
        assertThat(check(",".repeat(1_000_000))).isFalse();
        assertThat(check(" ".repeat(1_000_000))).isTrue();
        assertThat(check("arg0=" + "\\'".repeat(500_000))).isTrue();
    }
}
