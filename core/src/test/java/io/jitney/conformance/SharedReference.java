package io.jitney.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the project's shared reference material ({@code ../shared/reference}) so tests can read
 * it in place. Surefire passes {@code jitney.shared.dir}; from an IDE the directory is found by
 * walking up from the working directory. Tests that need it are skipped when it is absent.
 */
final class SharedReference {
    private SharedReference() {}

    /** {@code shared/reference}, or aborts the calling test with a message saying it is missing. */
    static Path referenceDir() {
        String property = System.getProperty("jitney.shared.dir");
        if (property != null && !property.isBlank()) {
            Path reference = Path.of(property).resolve("reference").normalize();
            if (Files.isDirectory(reference)) {
                return reference;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path reference = dir.resolve("shared").resolve("reference");
            if (Files.isDirectory(reference)) {
                return reference;
            }
        }
        Assumptions.abort("../shared/reference not found: corpus tests skipped");
        throw new AssertionError("unreachable");
    }

    /** {@code shared/reference/corpus}. */
    static Path corpusDir() {
        return referenceDir().resolve("corpus");
    }
}
