package io.jitney.cli;

import static io.jitney.cli.CliRun.at;
import static io.jitney.cli.CliRun.jitney;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.testing.DBusDaemonExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code jitney bindgen} against the private bus itself, and from an XML file; the output compiles. */
class BindgenCommandTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    @Test
    void generatesCompilingJavaFromTheLiveBusObject(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("src");
        var r = jitney(at(bus.unixPathAddress(), "bindgen", "--name", "org.freedesktop.DBus", "--path",
                "/org/freedesktop/DBus", "-o", out.toString(), "--package", "org.example.bus"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("DBusMessages.java").contains("DBus.java");
        assertCompiles(out, tmp.resolve("classes"));
    }

    @Test
    void generatesFromAFileAndReportsBadXmlInOneLine(@TempDir Path tmp) throws Exception {
        Path xml = tmp.resolve("thing.xml");
        Files.writeString(xml, """
                <node>
                  <interface name="org.example.Thing">
                    <method name="Put"><arg name="key" type="s" direction="in"/><arg type="u" direction="out"/></method>
                    <signal name="Changed"><arg name="what" type="as"/></signal>
                    <property name="Size" type="t" access="read"/>
                  </interface>
                </node>
                """);
        Path out = tmp.resolve("src");
        var r = jitney("bindgen", "--file", xml.toString(), "-o", out.toString(), "--package", "org.example.thing");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertCompiles(out, tmp.resolve("classes"));

        Files.writeString(xml, "<node><interface name=\"org.example.Bad\"><method name=\"M\">"
                + "<arg type=\"a(sj)\" direction=\"in\"/></method></interface></node>");
        var bad = jitney("bindgen", "--file", xml.toString(), "-o", out.toString(), "--package", "p");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("a(sj)").contains("'j' is not a D-Bus type code");
    }

    static void assertCompiles(Path sources, Path classes) throws Exception {
        List<String> files;
        try (Stream<Path> s = Files.walk(sources)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        assertThat(files).isNotEmpty();
        var args = new ArrayList<>(List.of("-d", classes.toString(), "-Xlint:all", "-Werror",
                "-cp", System.getProperty("java.class.path") + File.pathSeparator));
        args.addAll(files);
        var err = new java.io.ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, err, err, args.toArray(String[]::new));
        assertThat(rc).as(err.toString()).isZero();
    }
}
