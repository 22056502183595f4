package io.jitney.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.bindgen.Bindgen;
import io.jitney.message.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin in a real build: a tiny sample project ({@code src/test/resources/sample}) that binds
 * {@code jitney:generate} and compiles code using the generated classes is built with this
 * build's Maven wrapper, offline. This build's plugin, bindgen and core are put in a fresh local
 * repository whose tail is the machine's local repository (Maven 3.9's
 * {@code maven.repo.local.tail}), so nothing is installed into the machine's repository and
 * nothing is downloaded.
 */
class GenerateGoalTest {
    private static final String VERSION = System.getProperty("jitney.version", "0.1.0-SNAPSHOT");

    @TempDir
    static Path work;

    private static Path repo;

    @BeforeAll
    static void localRepository() throws Exception {
        Assumptions.assumeTrue(System.getProperty("jitney.rootDir") != null,
                "run through Maven (surefire sets jitney.rootDir to find the Maven wrapper)");
        repo = work.resolve("repo");
        Path pluginClasses = Path.of("target/classes");
        assertThat(pluginClasses.resolve("META-INF/maven/plugin.xml")).as("the plugin descriptor").exists();
        install("jitney-core", "jar", codeSource(Message.class), List.of());
        install("jitney-bindgen", "jar", codeSource(Bindgen.class), List.of("jitney-core"));
        install("jitney-maven-plugin", "maven-plugin", pluginClasses.toAbsolutePath(), List.of("jitney-bindgen"));
    }

    @Test
    void generatesSourcesThatTheBuildCompiles() throws Exception {
        Path project = sample("ok");
        Build build = mvn(project, "compile");
        assertThat(build.exit).as(build.output).isZero();
        assertThat(project.resolve("target/generated-sources/jitney/org/example/dbus/GreeterMessages.java"))
                .content().contains("public final class GreeterMessages extends MessageGenerator");
        assertThat(project.resolve("target/generated-sources/jitney/org/example/dbus/Greeter.java")).exists();
        assertThat(project.resolve("target/classes/org/example/app/App.class")).exists();
        assertThat(project.resolve("target/classes/org/example/dbus/GreeterMessages.class")).exists();
    }

    @Test
    void invalidXmlFailsTheBuildNamingTheProblem() throws Exception {
        Path project = sample("invalid");
        Path xml = project.resolve("src/main/dbus/org.example.Greeter.xml");
        Files.writeString(xml, Files.readString(xml).replace("type=\"a{sv}\"", "type=\"a{sz}\""));
        Build build = mvn(project, "generate-sources");
        assertThat(build.exit).isNotZero();
        assertThat(build.output).contains("org.example.Greeter.xml:7: interface 'org.example.Greeter', method 'Greet', "
                + "arg 'options': invalid signature 'a{sz}' at position 3: 'z' is not a D-Bus type code");
    }

    private record Build(int exit, String output) {}

    private static Build mvn(Path project, String goal) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("jitney.rootDir"));
        Path tail = Path.of(System.getProperty("jitney.localRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        var command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-o", "-q",
                "-Dmaven.repo.local=" + repo, "-Dmaven.repo.local.tail=" + tail, goal));
        var pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAVEN_OPTS");
        Path log = project.resolve("build.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the sample build did not finish in 180 s:\n" + Files.readString(log));
        }
        return new Build(p.exitValue(), Files.readString(log));
    }

    /** A fresh copy of the sample project with this build's version filled in. */
    private static Path sample(String name) throws IOException, URISyntaxException {
        Path source = Path.of(GenerateGoalTest.class.getResource("/sample").toURI());
        Path target = work.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path t = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.writeString(t, Files.readString(f).replace("@jitney.version@", VERSION));
                }
            }
        }
        return target;
    }

    private static Path codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Puts a jar (made from a classes directory if need be) and a minimal pom into the test repository. */
    private static void install(String artifactId, String packaging, Path classes, List<String> dependencies)
            throws IOException {
        Path dir = Files.createDirectories(repo.resolve("io/jitney/" + artifactId + "/" + VERSION));
        Path jar = dir.resolve(artifactId + "-" + VERSION + ".jar");
        if (Files.isDirectory(classes)) {
            jar(classes, jar);
        } else {
            Files.copy(classes, jar);
        }
        var deps = new StringBuilder();
        for (String d : dependencies) {
            deps.append("<dependency><groupId>io.jitney</groupId><artifactId>").append(d)
                    .append("</artifactId><version>").append(VERSION).append("</version></dependency>");
        }
        Files.writeString(dir.resolve(artifactId + "-" + VERSION + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>io.jitney</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <packaging>%s</packaging>
                  <dependencies>%s</dependencies>
                </project>
                """.formatted(artifactId, VERSION, packaging, deps), StandardCharsets.UTF_8);
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); var zip = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }
}
