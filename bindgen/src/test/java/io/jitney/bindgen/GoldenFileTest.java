package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.bindgen.introspection.IntrospectionException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each fixture's generated code equals its golden file (see {@link Golden} for regenerating) and
 * compiles with {@code -Xlint:all -Werror} against jitney-core.
 */
class GoldenFileTest {
    /** The fixtures that have golden files. */
    static final List<String> FIXTURES = List.of("traps-xml.xml", "names.xml", "interface-names.xml", "types.xml",
            "annotations.xml", "notifications.xml", "kitchen.xml");

    @TempDir
    Path out;

    @ParameterizedTest(name = "{0}")
    @FieldSource("FIXTURES")
    void matchesGoldenAndCompiles(String fixture) {
        Bindgen.Result result = Bindgen.fromXml(Fixtures.path(fixture)).packageName(Fixtures.packageFor(fixture))
                .generate();
        assertThat(result.files()).isNotEmpty();
        Golden.check(fixture.replace(".xml", ""), result.files());
        Javac.assertCompiles(result.files(), out);
    }

    @Test
    void anInvalidTypeCodeFailsNamingTheSignatureAndWhere() {
        assertThatThrownBy(() -> Bindgen.fromXml(Fixtures.path("invalid-type.xml")))
                .isInstanceOf(IntrospectionException.class)
                .hasMessage("invalid-type.xml:10: interface 'org.jitney.invalid.Types', method 'Broken', arg 'items': "
                        + "invalid signature 'a(sj)' at position 3: 'j' is not a D-Bus type code");
    }

    @Test
    void leftOutArgumentsAndIgnoredAnnotationsAreReported() {
        var traps = Bindgen.fromXml(Fixtures.path("traps-xml.xml")).packageName("p").generate();
        assertThat(traps.warnings()).containsExactly(
                "interface org.jitney.traps.Xml, method EmptyType, in arg 'status': type=\"\" describes no value; "
                        + "the argument is left out",
                "interface org.jitney.traps.Xml, property Nothing: type=\"\" describes no value; the property is left out",
                "interface org.jitney.traps.Xml, signal Directed, arg 'ignored': type=\"\" describes no value; "
                        + "the argument is left out");
        var annotations = Bindgen.fromXml(Fixtures.path("annotations.xml")).packageName("p").generate();
        assertThat(annotations.warnings()).containsExactly("interface org.jitney.annotations.Modern, method Confused: "
                + "marked NoReply but declares out arguments; the NoReply annotation is ignored");
    }
}
