package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.bindgen.introspection.IntrospectionException;
import io.jitney.testing.SharedReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every real-world introspection document in {@code shared/reference/introspection} (read in
 * place, never copied) generates code that compiles with {@code -Xlint:all -Werror}, standard
 * interfaces included — except {@code zbus-tests/invalid_arg_type.xml}, which is invalid and must
 * be rejected with a message naming the bad type. Skipped, saying where it looked, when the shared
 * directory is absent.
 */
class RealWorldXmlTest {
    static final String INVALID = "zbus-tests/invalid_arg_type.xml";

    @TempDir
    Path out;

    private static Path dir() {
        return SharedReference.assumeAvailable("introspection");
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentGeneratesCompilingCode() throws IOException {
        Path dir = dir();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertThat(files).as("introspection documents in " + dir).hasSizeGreaterThan(10);
        return files.stream()
                .filter(p -> !dir.relativize(p).toString().equals(INVALID))
                .map(p -> DynamicTest.dynamicTest(dir.relativize(p).toString(), () -> {
                    String pkg = "org.example.real." + packageFor(dir.relativize(p));
                    Bindgen.Result result = Bindgen.fromXml(p).packageName(pkg).includeStandardInterfaces(true)
                            .generate();
                    assertThat(result.files()).isNotEmpty();
                    Javac.assertCompiles(result.files(), out.resolve(pkg));
                }));
    }

    @Test
    void theInvalidDocumentIsRejectedNamingTheType() {
        Path invalid = dir().resolve(INVALID);
        assertThatThrownBy(() -> Bindgen.fromXml(invalid))
                .isInstanceOf(IntrospectionException.class)
                .hasMessage("invalid_arg_type.xml:7: interface 'com.example.SampleInterface0', method 'Frobate', "
                        + "arg 'foz': invalid signature 'z' at position 0: 'z' is not a D-Bus type code");
    }

    @Test
    void standardInterfacesAreSkippedUnlessAskedFor() {
        Path root = dir().resolve("bluez-runtime-dump/_.xml");
        assertThat(Bindgen.fromXml(root).interfaces()).isEmpty();
        assertThat(Bindgen.fromXml(root).includeStandardInterfaces(true).interfaces())
                .extracting(i -> i.name())
                .containsExactly("org.freedesktop.DBus.Introspectable", "org.freedesktop.DBus.ObjectManager");
    }

    @Test
    void theSystemdDumpKeepsOnlyTheManager() {
        Bindgen.Result result = Bindgen.fromXml(dir().resolve("org.freedesktop.systemd1.xml")).packageName("p")
                .generate();
        assertThat(result.files()).extracting(GeneratedFile::simpleName).containsExactly("Manager", "ManagerMessages");
    }

    @Test
    void anEmptyTypeInARealDumpIsLeftOutWithAWarning() {
        Bindgen.Result result = Bindgen.fromXml(dir().resolve("bluez-runtime-dump/_org_bluez_test.xml"))
                .packageName("p").generate();
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w)
                .contains("method CardStatus, in arg 'status': type=\"\" describes no value"));
    }

    static String packageFor(Path relative) {
        var sb = new StringBuilder();
        for (Path part : relative) {
            String name = part.toString().replaceFirst("\\.xml$", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
                name = "x" + name;
            }
            sb.append(sb.isEmpty() ? "" : ".").append(name);
        }
        return sb.toString();
    }
}
