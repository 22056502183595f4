package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Golden files: the expected generated source, checked in under
 * {@code src/test/resources/golden/<fixture>/<Class>.java}.
 *
 * <p>To regenerate them after an intended change, run the tests with
 * {@code -Djitney.bindgen.updateGolden=true} (or the environment variable
 * {@code JITNEY_UPDATE_GOLDEN=true}) and review the diff: the files are rewritten in the source tree
 * and stale ones deleted, and the comparing tests pass.
 */
final class Golden {
    private Golden() {}

    static boolean updating() {
        return Boolean.getBoolean("jitney.bindgen.updateGolden")
                || "true".equalsIgnoreCase(System.getenv("JITNEY_UPDATE_GOLDEN"));
    }

    /** The checked-in golden directory (the source tree, so that updates land there). */
    static Path root() {
        String dir = System.getProperty("jitney.bindgen.goldenDir");
        return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of("src/test/resources/golden");
    }

    /** Compares (or, when updating, rewrites) the golden files of one fixture. */
    static void check(String fixture, List<GeneratedFile> files) {
        Path dir = root().resolve(fixture);
        try {
            if (updating()) {
                Files.createDirectories(dir);
                Set<String> expected = new TreeSet<>();
                for (GeneratedFile f : files) {
                    expected.add(f.simpleName() + ".java");
                    Files.writeString(dir.resolve(f.simpleName() + ".java"), f.source(), StandardCharsets.UTF_8);
                }
                for (String stale : existing(dir)) {
                    if (!expected.contains(stale)) {
                        Files.delete(dir.resolve(stale));
                    }
                }
                return;
            }
            assertThat(existing(dir))
                    .as("golden files of %s (regenerate with -Djitney.bindgen.updateGolden=true)", fixture)
                    .containsExactlyElementsOf(new TreeSet<>(files.stream().map(f -> f.simpleName() + ".java").toList()));
            for (GeneratedFile f : files) {
                String golden = Files.readString(dir.resolve(f.simpleName() + ".java"), StandardCharsets.UTF_8);
                assertThat(f.source())
                        .as("%s/%s.java differs from its golden file (regenerate with -Djitney.bindgen.updateGolden=true)",
                                fixture, f.simpleName())
                        .isEqualTo(golden);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> existing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java")).toList());
        }
    }
}
