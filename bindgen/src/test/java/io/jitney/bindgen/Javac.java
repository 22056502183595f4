package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.fail;

import io.jitney.message.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources in-process with {@code -Xlint:all -Werror} against jitney-core, the
 * way a user's build would, and fails the test with every diagnostic if anything is reported.
 */
final class Javac {
    private static final JavaCompiler COMPILER = ToolProvider.getSystemJavaCompiler();

    private Javac() {}

    /** Where jitney-core's classes are (a jar, or target/classes in a reactor build). */
    static Path coreClasspath() {
        try {
            return Path.of(Message.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where the classes named are (jars or class directories), loaded from the test class path:
     * for compiling code that uses more than jitney-core.
     */
    static List<Path> classpathOf(String... classNames) {
        var paths = new ArrayList<Path>();
        for (String name : classNames) {
            try {
                Class<?> c = Class.forName(name, false, Javac.class.getClassLoader());
                paths.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("cannot find " + name + " on the test class path", e);
            }
        }
        return paths;
    }

    /**
     * Compiles {@code files} and {@code extra} sources (class name → source) into {@code out};
     * fails the test, listing every diagnostic with the offending line, unless it compiles with
     * no warning at all.
     */
    static void assertCompiles(List<GeneratedFile> files, Map<String, String> extra, Path out) {
        assertCompiles(files, extra, List.of(), out);
    }

    /** As {@link #assertCompiles(List, Map, Path)} with {@code classpath} besides jitney-core. */
    static void assertCompiles(List<GeneratedFile> files, Map<String, String> extra, List<Path> classpath, Path out) {
        if (COMPILER == null) {
            fail("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        var units = new ArrayList<JavaFileObject>();
        files.forEach(f -> units.add(new Source(f.className(), f.source())));
        extra.forEach((name, source) -> units.add(new Source(name, source)));
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (StandardJavaFileManager fm = COMPILER.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Files.createDirectories(out);
            fm.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(out));
            var path = new ArrayList<Path>();
            path.add(coreClasspath());
            path.addAll(classpath);
            fm.setLocationFromPaths(StandardLocation.CLASS_PATH, path);
            List<String> options = List.of("-Xlint:all", "-Werror", "-proc:none", "-encoding", "UTF-8");
            boolean ok = COMPILER.getTask(null, fm, diagnostics, options, null, units).call();
            if (!ok || !diagnostics.getDiagnostics().isEmpty()) {
                fail("generated code does not compile cleanly:\n" + report(diagnostics.getDiagnostics()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertCompiles(List<GeneratedFile> files, Path out) {
        assertCompiles(files, Map.of(), out);
    }

    /** A class loader over compiled output whose parent sees jitney-core and the test classes. */
    static URLClassLoader loader(Path out) {
        try {
            return new URLClassLoader(new URL[] {out.toUri().toURL()}, Javac.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String report(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        var sb = new StringBuilder();
        for (var d : diagnostics) {
            sb.append(d.getKind()).append(": ");
            if (d.getSource() != null) {
                sb.append(d.getSource().getName()).append(':').append(d.getLineNumber()).append(": ");
            }
            sb.append(d.getMessage(Locale.ROOT)).append('\n');
            if (d.getSource() instanceof Source s && d.getLineNumber() > 0) {
                String[] lines = s.text.split("\n", -1);
                sb.append("    > ").append(lines[(int) d.getLineNumber() - 1].strip()).append('\n');
            }
        }
        return sb.toString();
    }

    /** A source file held in memory. */
    private static final class Source extends SimpleJavaFileObject {
        final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
