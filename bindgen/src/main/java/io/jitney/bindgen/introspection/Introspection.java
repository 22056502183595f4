package io.jitney.bindgen.introspection;

import io.jitney.names.InterfaceName;
import io.jitney.names.MemberName;
import io.jitney.wire.Signature;
import io.jitney.wire.SignatureException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses D-Bus introspection XML (spec, "Introspection Data Format") into a {@link Node}.
 *
 * <p>Tolerant of what real services and interface files contain: a byte-order mark, a
 * {@code DOCTYPE} (never fetched: external DTDs and entities are not loaded), comments, elements
 * and attributes in foreign namespaces (skipped, except documentation), unknown elements
 * (skipped), arguments without names or without {@code direction}, signal arguments with
 * {@code direction="out"}, and {@code type=""} (kept as {@link Signature#EMPTY}; bindgen leaves
 * such an argument out and says so).
 *
 * <p>Strict where a guess would produce wrong code: every {@code type} must be a valid signature
 * of at most one complete type, interface and member names must be valid, {@code direction} and
 * {@code access} must have one of their defined values. A violation is an
 * {@link IntrospectionException} naming the source, line, interface, member and argument, and for
 * a bad signature the position of the bad character.
 *
 * <p>Documentation is taken from the {@code org.gtk.GDBus.DocString} annotation, else from a
 * {@code <doc>} element (as in the {@code http://www.freedesktop.org/dbus/1.0/doc.dtd}
 * namespace, {@code <doc:doc><doc:summary>…}) or a Telepathy {@code <tp:docstring>}, as plain
 * text with paragraphs separated by blank lines. Documentation in XML comments is not read.
 *
 * <p>Stateless and thread-safe.
 */
public final class Introspection {
    private static final Set<String> BLOCK_ELEMENTS =
            Set.of("para", "p", "summary", "description", "li", "ul", "ol", "pre", "br", "div");

    private Introspection() {}

    /** Parses introspection XML text, such as the reply of {@code Introspect}. */
    public static Node parse(String xml, String source) {
        String text = xml;
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.strip().startsWith("<?xml")) {
            text = text.strip();
        }
        String s = text;
        return run(source, f -> f.createXMLStreamReader(source, new StringReader(s)));
    }

    /** Parses introspection XML bytes in the encoding they declare (UTF-8 by default; a BOM is honoured). */
    public static Node parse(byte[] xml, String source) {
        int start = 0;
        if (xml.length >= 3 && (xml[0] & 0xff) == 0xEF && (xml[1] & 0xff) == 0xBB && (xml[2] & 0xff) == 0xBF) {
            start = 3;
        }
        int p = start;
        while (p < xml.length && (xml[p] == ' ' || xml[p] == '\t' || xml[p] == '\r' || xml[p] == '\n')) {
            p++;
        }
        if (p > start && p + 5 <= xml.length && new String(xml, p, 5, java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("<?xml")) {
            start = p;
        }
        InputStream in = new ByteArrayInputStream(xml, start, xml.length - start);
        return run(source, f -> f.createXMLStreamReader(source, in));
    }

    /** Parses an introspection XML file; messages name it by its file name. */
    public static Node parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(bytes, String.valueOf(file.getFileName()));
    }

    private interface ReaderFactory {
        XMLStreamReader open(XMLInputFactory factory) throws XMLStreamException;
    }

    private static Node run(String source, ReaderFactory open) {
        XMLStreamReader reader = null;
        try {
            reader = open.open(factory());
            return new Parser(reader, source).document();
        } catch (XMLStreamException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNumber() : -1;
            throw new IntrospectionException(source, line, "not well-formed XML: " + cleanMessage(e), e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held open: the input is in memory
                }
            }
        }
    }

    /** A StAX factory that never loads anything from outside the document. */
    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        // The internal subset is read (entities declared there work); the external subset and
        // external entities are neither fetched nor resolved.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty("http://java.sun.com/xml/stream/properties/ignore-external-dtd", true);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entity '" + systemId + "' is not loaded");
        });
        return f;
    }

    private static String cleanMessage(XMLStreamException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("Message: ");
        return (i >= 0 ? m.substring(i + "Message: ".length()) : m).strip();
    }

    /** One pass over one document. */
    private static final class Parser {
        private final XMLStreamReader r;
        private final String source;

        Parser(XMLStreamReader r, String source) {
            this.r = r;
            this.source = source;
        }

        Node document() throws XMLStreamException {
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT) {
                    if (!isDBus() || !r.getLocalName().equals("node")) {
                        throw fail("the root element is <" + r.getName() + ">, not <node>");
                    }
                    return node();
                }
            }
            throw fail("no <node> element");
        }

        private Node node() throws XMLStreamException {
            String name = r.getAttributeValue(null, "name");
            var interfaces = new ArrayList<Interface>();
            var children = new ArrayList<Node>();
            while (true) {
                int event = r.next();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    return new Node(name, interfaces, children);
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (isDBus() && r.getLocalName().equals("interface")) {
                    interfaces.add(iface());
                } else if (isDBus() && r.getLocalName().equals("node")) {
                    children.add(node());
                } else {
                    skip();
                }
            }
        }

        private Interface iface() throws XMLStreamException {
            int line = line();
            String name = required("name", "<interface>");
            String problem = InterfaceName.problem(name);
            if (problem != null) {
                throw fail(line, "invalid interface name '" + name + "': " + problem);
            }
            String where = "interface '" + name + "'";
            var methods = new ArrayList<Method>();
            var signals = new ArrayList<Signal>();
            var properties = new ArrayList<Property>();
            var annotations = new ArrayList<Annotation>();
            String doc = null;
            while (true) {
                int event = r.next();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    return new Interface(name, methods, signals, properties, annotations, doc(annotations, doc));
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String local = r.getLocalName();
                if (isDoc()) {
                    doc = docText();
                } else if (!isDBus()) {
                    skip();
                } else {
                    switch (local) {
                        case "method" -> methods.add(method(where));
                        case "signal" -> signals.add(signal(where));
                        case "property" -> properties.add(property(where));
                        case "annotation" -> annotations.add(annotation());
                        default -> skip();
                    }
                }
            }
        }

        private Method method(String ifaceWhere) throws XMLStreamException {
            String name = member("method", ifaceWhere);
            MemberBody body = memberBody(ifaceWhere + ", method '" + name + "'", false);
            return new Method(name, body.args(), body.annotations(), body.doc());
        }

        private Signal signal(String ifaceWhere) throws XMLStreamException {
            String name = member("signal", ifaceWhere);
            MemberBody body = memberBody(ifaceWhere + ", signal '" + name + "'", true);
            return new Signal(name, body.args(), body.annotations(), body.doc());
        }

        /** What a method or signal element holds: its args, annotations and documentation. */
        private record MemberBody(List<Arg> args, List<Annotation> annotations, String doc) {}

        /** Reads the children of a method or signal element, up to and including its end tag. */
        private MemberBody memberBody(String where, boolean signal) throws XMLStreamException {
            var args = new ArrayList<Arg>();
            var annotations = new ArrayList<Annotation>();
            String doc = null;
            while (true) {
                int event = r.next();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    return new MemberBody(args, annotations, doc(annotations, doc));
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (isDoc()) {
                    doc = docText();
                } else if (isDBus() && r.getLocalName().equals("arg")) {
                    args.add(arg(where, args.size(), signal));
                } else if (isDBus() && r.getLocalName().equals("annotation")) {
                    annotations.add(annotation());
                } else {
                    skip();
                }
            }
        }

        private String member(String kind, String ifaceWhere) {
            int line = line();
            String name = required("name", "<" + kind + "> in " + ifaceWhere);
            String problem = MemberName.problem(name);
            if (problem != null) {
                throw fail(line, ifaceWhere + ": invalid " + kind + " name '" + name + "': " + problem);
            }
            return name;
        }

        private Property property(String ifaceWhere) throws XMLStreamException {
            int line = line();
            String name = required("name", "<property> in " + ifaceWhere);
            if (name.isBlank()) {
                throw fail(line, ifaceWhere + ": a <property> has an empty name");
            }
            String where = ifaceWhere + ", property '" + name + "'";
            Signature type = type(required("type", where), where, line);
            String accessText = required("access", where);
            Access access = switch (accessText.strip().toLowerCase(Locale.ROOT)) {
                case "read" -> Access.READ;
                case "write" -> Access.WRITE;
                case "readwrite" -> Access.READWRITE;
                default -> throw fail(line, where + ": access '" + accessText + "' is not read, write or readwrite");
            };
            var annotations = new ArrayList<Annotation>();
            String doc = null;
            while (true) {
                int event = r.next();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    return new Property(name, type, access, annotations, doc(annotations, doc));
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (isDoc()) {
                    doc = docText();
                } else if (isDBus() && r.getLocalName().equals("annotation")) {
                    annotations.add(annotation());
                } else {
                    skip();
                }
            }
        }

        private Arg arg(String memberWhere, int index, boolean inSignal) throws XMLStreamException {
            int line = line();
            String name = r.getAttributeValue(null, "name");
            if (name != null && name.isBlank()) {
                name = null;
            }
            String where = memberWhere + ", arg " + (name != null ? "'" + name + "'" : "#" + index);
            Signature type = type(required("type", where), where, line);
            String dirText = r.getAttributeValue(null, "direction");
            Direction direction;
            if (inSignal) {
                direction = Direction.OUT; // the spec: signals only allow "out"; whatever is written is pointless
            } else if (dirText == null) {
                direction = Direction.IN;
            } else {
                direction = switch (dirText.strip().toLowerCase(Locale.ROOT)) {
                    case "in" -> Direction.IN;
                    case "out" -> Direction.OUT;
                    default -> throw fail(line, where + ": direction '" + dirText + "' is not in or out");
                };
            }
            var annotations = new ArrayList<Annotation>();
            String doc = null;
            while (true) {
                int event = r.next();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    return new Arg(name, type, direction, annotations, doc(annotations, doc));
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (isDoc()) {
                    doc = docText();
                } else if (isDBus() && r.getLocalName().equals("annotation")) {
                    annotations.add(annotation());
                } else {
                    skip();
                }
            }
        }

        private Signature type(String text, String where, int line) {
            try {
                Signature sig = Signature.of(text.strip());
                if (sig.types().size() > 1) {
                    throw fail(line, where + ": type '" + text + "' is " + sig.types().size()
                            + " complete types; an argument or property has exactly one");
                }
                return sig;
            } catch (SignatureException e) {
                throw new IntrospectionException(source, line, where + ": " + e.getMessage(), e);
            }
        }

        private Annotation annotation() throws XMLStreamException {
            String name = required("name", "<annotation>");
            String value = r.getAttributeValue(null, "value");
            skip();
            return new Annotation(name, value == null ? "" : value);
        }

        /** The text of a documentation element, block elements turned into paragraph breaks. */
        private String docText() throws XMLStreamException {
            var sb = new StringBuilder();
            int depth = 1;
            while (depth > 0) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        if (BLOCK_ELEMENTS.contains(r.getLocalName())) {
                            sb.append("\n\n");
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        depth--;
                        if (BLOCK_ELEMENTS.contains(r.getLocalName())) {
                            sb.append("\n\n");
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            sb.append(r.getText());
                    default -> {
                        // comments and processing instructions are not documentation
                    }
                }
            }
            return normalizeDoc(sb.toString());
        }

        private boolean isDBus() {
            String ns = r.getNamespaceURI();
            return ns == null || ns.isEmpty();
        }

        private boolean isDoc() {
            String local = r.getLocalName();
            return local.equals("doc") || (local.equals("docstring") && !isDBus());
        }

        private void skip() throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }

        private String required(String attribute, String where) {
            String value = r.getAttributeValue(null, attribute);
            if (value == null) {
                throw fail(where + " has no " + attribute + " attribute");
            }
            return value;
        }

        private int line() {
            return r.getLocation() != null ? r.getLocation().getLineNumber() : -1;
        }

        private IntrospectionException fail(String problem) {
            return fail(line(), problem);
        }

        private IntrospectionException fail(int line, String problem) {
            return new IntrospectionException(source, line, problem);
        }
    }

    private static String doc(List<Annotation> annotations, String elementDoc) {
        for (Annotation a : annotations) {
            if (a.name().equals(Annotation.GDBUS_DOC_STRING)) {
                String text = normalizeDoc(a.value());
                if (text != null) {
                    return text;
                }
            }
        }
        return elementDoc;
    }

    /**
     * Plain text with paragraphs: blank lines separate paragraphs, any other run of whitespace
     * becomes one space; {@code null} if nothing is left.
     */
    static String normalizeDoc(String raw) {
        var paragraphs = new ArrayList<String>();
        for (String para : raw.split("\\n\\s*\\n")) {
            String p = para.strip().replaceAll("\\s+", " ");
            if (!p.isEmpty()) {
                paragraphs.add(p);
            }
        }
        return paragraphs.isEmpty() ? null : String.join("\n\n", paragraphs);
    }
}
