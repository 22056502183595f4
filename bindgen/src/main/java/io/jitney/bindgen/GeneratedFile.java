package io.jitney.bindgen;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One generated Java source file.
 *
 * @param className the fully qualified name of its top-level type
 * @param source    the file's content
 */
public record GeneratedFile(String className, String source) {
    public GeneratedFile {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(source, "source");
    }

    /** The path relative to a source root, e.g. {@code com/example/Foo.java}. */
    public Path relativePath() {
        return Path.of(className.replace('.', '/') + ".java");
    }

    /** The simple name of the top-level type. */
    public String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
