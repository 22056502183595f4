package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line entry point: arguments, exit status, what it prints and writes. */
class BindgenMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BindgenMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesFilesFromXmlAndListsThem() throws IOException {
        Path fixture = Fixtures.path("traps-xml.xml");
        assertThat(run("--file", fixture.toString(), "-o", dir.toString(), "--package", "com.example.traps")).isZero();
        Path xml = dir.resolve("com/example/traps/Xml.java");
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                dir.resolve("com/example/traps/Inline.java").toString(),
                dir.resolve("com/example/traps/InlineMessages.java").toString(),
                xml.toString(),
                dir.resolve("com/example/traps/XmlMessages.java").toString());
        assertThat(Files.readString(xml)).contains("package com.example.traps;", "public interface Xml {");
        assertThat(err()).contains("warning: interface org.jitney.traps.Xml, method EmptyType, in arg 'status'");

        // Unchanged files are not rewritten, so that incremental builds do not recompile them.
        Files.setLastModifiedTime(xml, FileTime.fromMillis(0));
        assertThat(run("--file", fixture.toString(), "-o", dir.toString(), "--package", "com.example.traps")).isZero();
        assertThat(Files.getLastModifiedTime(xml).toMillis()).isZero();
    }

    @Test
    void aDirectoryMeansEveryXmlFileBelowIt() throws IOException {
        Path xmlDir = Files.createDirectories(dir.resolve("xml/sub"));
        Files.copy(Fixtures.path("notifications.xml"), xmlDir.resolve("n.xml"));
        Files.copy(Fixtures.path("kitchen.xml"), dir.resolve("xml/k.xml"));
        Files.writeString(dir.resolve("xml/readme.txt"), "not xml");
        assertThat(run("--file", dir.resolve("xml").toString(), "-o", dir.resolve("out").toString(),
                "--package", "p")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().map(l -> Path.of(l).getFileName().toString()))
                .containsExactly("Kitchen.java", "KitchenMessages.java", "Notifications.java",
                        "NotificationsMessages.java");
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhy() {
        assertThat(run("-o", dir.toString(), "--package", "p")).isEqualTo(BindgenMain.USAGE);
        assertThat(err()).startsWith("bindgen: give either --file or --name").contains("Usage: bindgen");
        err.reset();
        assertThat(run("--file", "x.xml", "--package", "p")).isEqualTo(BindgenMain.USAGE);
        assertThat(err()).startsWith("bindgen: -o DIR is required");
        err.reset();
        assertThat(run("--file", "x.xml", "-o", "d")).isEqualTo(BindgenMain.USAGE);
        assertThat(err()).startsWith("bindgen: --package PKG is required");
        err.reset();
        assertThat(run("--file", "x.xml", "-o", "d", "--package", "com.int")).isEqualTo(BindgenMain.USAGE);
        assertThat(err()).startsWith("bindgen: 'com.int' is not a valid Java package name");
        err.reset();
        assertThat(run("--frobnicate")).isEqualTo(BindgenMain.USAGE);
        assertThat(err()).startsWith("bindgen: unknown option '--frobnicate'");
        err.reset();
        assertThat(run("--file", "x.xml", "--system", "-o", "d", "--package", "p")).isEqualTo(BindgenMain.USAGE);
        assertThat(err()).startsWith("bindgen: --session, --system, --address and --recursive need --name");
        err.reset();
        assertThat(run("--name", "a.b", "--session", "--address", "unix:path=/x", "-o", "d", "--package", "p"))
                .isEqualTo(BindgenMain.USAGE);
        assertThat(err()).startsWith("bindgen: give one of --session, --system, --address");
        err.reset();
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: bindgen");
    }

    @Test
    void invalidXmlExitsWithOneAndNamesTheProblem() {
        assertThat(run("--file", Fixtures.path("invalid-type.xml").toString(), "-o", dir.toString(), "--package", "p"))
                .isEqualTo(BindgenMain.FAILED);
        assertThat(err()).isEqualTo("bindgen: invalid-type.xml:10: interface 'org.jitney.invalid.Types', method "
                + "'Broken', arg 'items': invalid signature 'a(sj)' at position 3: 'j' is not a D-Bus type code\n");
        err.reset();
        assertThat(run("--file", dir.resolve("missing.xml").toString(), "-o", dir.toString(), "--package", "p"))
                .isEqualTo(BindgenMain.FAILED);
        assertThat(err()).startsWith("bindgen: cannot read ");
    }
}
