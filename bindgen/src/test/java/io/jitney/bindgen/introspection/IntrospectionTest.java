package io.jitney.bindgen.introspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.wire.Signature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntrospectionTest {
    private static Node parse(String xml) {
        return Introspection.parse(xml, "test.xml");
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(IntrospectionTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void theTrapsFixtureParsesToWhatItMeans() throws Exception {
        Node root = Introspection.parse(fixture("traps-xml.xml"));
        assertThat(root.name()).isEqualTo("/org/jitney/traps");
        assertThat(root.allInterfaces()).extracting(Interface::name)
                .containsExactly("org.jitney.traps.Xml", "org.jitney.traps.Inline");
        assertThat(root.children()).extracting(Node::name).containsExactly("child", "child-with-dashes", "inline");

        Interface xml = root.interfaces().getFirst();
        assertThat(xml.doc()).isEqualTo("Documented with doc elements, for the Jitney trap service.\n\n"
                + "A second paragraph, spread over three lines.");
        assertThat(xml.methods()).extracting(Method::name)
                .containsExactly("Unnamed", "EmptyType", "Padded", "Foreign", "Cdata");

        Method unnamed = xml.methods().getFirst();
        assertThat(unnamed.args()).extracting(Arg::name).containsOnlyNulls();
        assertThat(unnamed.args()).extracting(Arg::direction)
                .containsExactly(Direction.IN, Direction.IN, Direction.OUT);
        assertThat(unnamed.inArgs()).extracting(a -> a.type().toString()).containsExactly("s", "u");

        assertThat(xml.methods().get(1).args().getFirst().type()).isEqualTo(Signature.EMPTY);
        assertThat(xml.methods().get(2).args().getFirst().type()).isEqualTo(Signature.of("a{sv}"));
        assertThat(xml.methods().get(3).doc()).isEqualTo("Documented the Telepathy way.\n\nWith two paragraphs.");
        assertThat(xml.methods().get(3).args()).hasSize(1);
        assertThat(xml.methods().get(4).doc()).startsWith("Text in CDATA with <angle brackets> & ampersands");

        Signal directed = xml.signals().getFirst();
        assertThat(directed.args()).extracting(Arg::direction).containsOnly(Direction.OUT);
        assertThat(directed.args()).extracting(Arg::name).containsExactly("first", null, "ignored");
        assertThat(xml.properties()).extracting(Property::name).containsExactly("Foo-Bar", "Nothing");
        assertThat(xml.properties().getFirst().access()).isEqualTo(Access.READ);
    }

    @Test
    void byteOrderMarksAndLeadingWhitespaceAreTolerated() {
        String doc = "<node><interface name=\"a.B\"/></node>";
        assertThat(parse("\uFEFF" + doc).interfaces()).hasSize(1);
        assertThat(parse("\uFEFF \n<?xml version=\"1.0\"?>" + doc).interfaces()).hasSize(1);
        byte[] utf8 = ("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + doc).getBytes(StandardCharsets.UTF_8);
        assertThat(Introspection.parse(utf8, "bom.xml").interfaces()).hasSize(1);
        byte[] utf16 = ("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + doc).getBytes(StandardCharsets.UTF_16LE);
        assertThat(Introspection.parse(utf16, "utf16.xml").interfaces()).extracting(Interface::name)
                .containsExactly("a.B");
    }

    @Test
    void theExternalDtdIsNeverFetched() throws IOException {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            String xml = "<!DOCTYPE node PUBLIC \"-//freedesktop//DTD D-BUS Object Introspection 1.0//EN\" "
                    + "\"http://127.0.0.1:" + server.getLocalPort() + "/introspect.dtd\">"
                    + "<node><interface name=\"a.B\"/></node>";
            assertThat(parse(xml).interfaces()).hasSize(1);
            assertThatThrownBy(server::accept).as("nothing connected to fetch the DTD")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void externalEntitiesAreNotResolved(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xml = "<!DOCTYPE node [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<node><interface name=\"a.B\"><doc>&xxe;</doc></interface></node>";
        try {
            Node node = parse(xml);
            assertThat(String.valueOf(node.interfaces().getFirst().doc())).doesNotContain("TOP-SECRET");
        } catch (IntrospectionException e) {
            assertThat(e).hasMessageNotContaining("TOP-SECRET");
        }
    }

    @Test
    void entityExpansionIsBounded() {
        var sb = new StringBuilder("<!DOCTYPE node [<!ENTITY a0 \"lol\">");
        for (int i = 1; i <= 12; i++) {
            sb.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        sb.append("]><node><interface name=\"a.B\"><doc>&a12;</doc></interface></node>");
        assertThatThrownBy(() -> parse(sb.toString())).isInstanceOf(IntrospectionException.class)
                .hasMessageStartingWith("test.xml:1: not well-formed XML:");
    }

    @Test
    void internalEntitiesWork() {
        Node node = parse("<!DOCTYPE node [<!ENTITY iface \"org.example.Entity\">]>"
                + "<node><interface name=\"&iface;\"/></node>");
        assertThat(node.interfaces().getFirst().name()).isEqualTo("org.example.Entity");
    }

    @Test
    void theDocStringAnnotationWinsOverDocElements() {
        Node node = parse("""
                <node><interface name="a.B">
                  <doc>element text</doc>
                  <annotation name="org.gtk.GDBus.DocString" value="annotation text"/>
                  <method name="M"><annotation name="org.freedesktop.DBus.Method.NoReply" value="true"/></method>
                  <method name="D"><annotation name="org.freedesktop.DBus.Deprecated" value=" TRUE "/></method>
                </interface></node>""");
        Interface i = node.interfaces().getFirst();
        assertThat(i.doc()).isEqualTo("annotation text");
        assertThat(i.methods().get(0).isNoReply()).isTrue();
        assertThat(i.methods().get(0).isDeprecated()).isFalse();
        assertThat(i.methods().get(1).isDeprecated()).isTrue();
        assertThat(i.methods().get(1).annotation("org.example.Missing")).isEmpty();
    }

    @Test
    void anInvalidTypeNamesInterfaceMemberArgAndPosition() {
        assertThatThrownBy(() -> parse("""
                <node>
                  <interface name="org.example.Frob">
                    <method name="Frobate">
                      <arg name="foz" type="a{vs}"/>
                    </method>
                  </interface>
                </node>"""))
                .isInstanceOf(IntrospectionException.class)
                .hasMessage("test.xml:4: interface 'org.example.Frob', method 'Frobate', arg 'foz': invalid signature "
                        + "'a{vs}' at position 2: dict entry key must be a basic type, not 'v'");
        assertThatThrownBy(() -> parse("<node><interface name=\"a.B\"><signal name=\"S\"><arg type=\"(i\"/>"
                + "</signal></interface></node>"))
                .hasMessage("test.xml:1: interface 'a.B', signal 'S', arg #0: invalid signature '(i' at position 2: "
                        + "struct opened at position 0 is not closed");
        assertThatThrownBy(() -> parse("<node><interface name=\"a.B\"><property name=\"P\" type=\"ii\" access=\"read\"/>"
                + "</interface></node>"))
                .hasMessage("test.xml:1: interface 'a.B', property 'P': type 'ii' is 2 complete types; "
                        + "an argument or property has exactly one");
    }

    @Test
    void requiredAttributesAndDefinedValuesAreChecked() {
        List<String[]> cases = List.of(
                new String[] {"<node><interface/></node>", "test.xml:1: <interface> has no name attribute"},
                new String[] {"<node><interface name=\"nodots\"/></node>", "test.xml:1: invalid interface name 'nodots'"},
                new String[] {"<node><interface name=\"a.B\"><method name=\"2fast\"/></interface></node>",
                        "test.xml:1: interface 'a.B': invalid method name '2fast'"},
                new String[] {"<node><interface name=\"a.B\"><method name=\"M\"><arg name=\"x\"/></method></interface></node>",
                        "test.xml:1: interface 'a.B', method 'M', arg 'x' has no type attribute"},
                new String[] {"<node><interface name=\"a.B\"><method name=\"M\"><arg type=\"s\" direction=\"inout\"/>"
                        + "</method></interface></node>",
                        "test.xml:1: interface 'a.B', method 'M', arg #0: direction 'inout' is not in or out"},
                new String[] {"<node><interface name=\"a.B\"><property name=\"P\" type=\"s\" access=\"rw\"/></interface></node>",
                        "test.xml:1: interface 'a.B', property 'P': access 'rw' is not read, write or readwrite"},
                new String[] {"<node><interface name=\"a.B\"><property name=\"P\" type=\"s\"/></interface></node>",
                        "test.xml:1: interface 'a.B', property 'P' has no access attribute"},
                new String[] {"<interface name=\"a.B\"/>", "test.xml:1: the root element is <interface>, not <node>"},
                new String[] {"<node>\n<interface name=\"a.B\">\n</node>", "test.xml:3: not well-formed XML:"},
                new String[] {"", "test.xml:1: not well-formed XML:"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> parse(c[0])).as(c[0]).isInstanceOf(IntrospectionException.class)
                    .hasMessageStartingWith(c[1]);
        }
    }

    @Test
    void exceptionsCarryTheirSourceAndLine() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IntrospectionException.class,
                () -> parse("<node>\n\n<interface name=\"x\"/></node>"));
        assertThat(e.source()).isEqualTo("test.xml");
        assertThat(e.line()).isEqualTo(3);
    }
}
