package io.jitney.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the project's shared reference material ({@code shared/reference}: the D-Bus
 * specification, message corpora, introspection XML), which lives beside the repository, not in it.
 *
 * <p>Looked up from the system property {@value #PROPERTY} (surefire sets it to
 * {@code ${maven.multiModuleProjectDirectory}/../shared}), else by walking up from the working
 * directory looking for {@code shared/reference} or {@code ../shared/reference}.
 *
 * <pre>{@code
 * Path corpus = SharedReference.assumeAvailable("corpus/dbus-test-data/valid-messages");
 * }</pre>
 */
public final class SharedReference {
    /** System property naming the {@code shared} directory. */
    public static final String PROPERTY = "jitney.shared.dir";

    private SharedReference() {}

    /** The {@code shared} directory, if found. */
    public static Optional<Path> sharedDir() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            if (Files.isDirectory(p.resolve("reference"))) {
                return Optional.of(p);
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("shared"), dir.resolveSibling("shared")}) {
                if (candidate != null && Files.isDirectory(candidate.resolve("reference"))) {
                    return Optional.of(candidate.normalize());
                }
            }
        }
        return Optional.empty();
    }

    /** The {@code shared/reference} directory, if found. */
    public static Optional<Path> referenceDir() {
        return sharedDir().map(d -> d.resolve("reference"));
    }

    /** The reference directory; skips the test (with a message saying where it was looked for) if absent. */
    public static Path assumeAvailable() {
        Optional<Path> dir = referenceDir();
        Assumptions.assumeTrue(dir.isPresent(), () -> "shared/reference not found: set -D" + PROPERTY
                + "=<path to shared> or run from a checkout that has ../shared/reference beside it "
                + "(looked from " + Path.of("").toAbsolutePath() + ")");
        return dir.orElseThrow();
    }

    /** A file or directory under {@code shared/reference}; skips the test if it is absent. */
    public static Path assumeAvailable(String relative) {
        Path p = assumeAvailable().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), () -> "reference material missing: " + p);
        return p;
    }
}
