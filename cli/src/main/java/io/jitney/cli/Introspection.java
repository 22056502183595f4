package io.jitney.cli;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * An object's introspection XML (spec, "Introspection Data Format"), read with the JDK's
 * {@code java.xml} without fetching the DTD the document names. Only what the introspect table
 * shows is kept: interfaces with their methods, properties and signals, and the annotations
 * that become busctl's flags. Immutable.
 */
record Introspection(List<Interface> interfaces) {
    static final String DEPRECATED = "org.freedesktop.DBus.Deprecated";
    static final String NO_REPLY = "org.freedesktop.DBus.Method.NoReply";
    static final String EMITS_CHANGED = "org.freedesktop.DBus.Property.EmitsChangedSignal";

    /** What a member is, in the order busctl lists them within an interface. */
    enum Kind { METHOD, PROPERTY, SIGNAL }

    /**
     * One method, property or signal. For a method {@code signature} is the in-arguments and
     * {@code result} the out-arguments; for a property {@code signature} is its type; for a signal
     * the arguments. {@code flags} in busctl's words and order.
     */
    record Member(Kind kind, String name, String signature, String result, List<String> flags) {}

    record Interface(String name, List<Member> members, boolean deprecated) {
        boolean hasProperties() {
            return members.stream().anyMatch(m -> m.kind() == Kind.PROPERTY);
        }
    }

    /**
     * Parses introspection XML.
     *
     * @throws CliException if it is not well-formed XML
     */
    static Introspection parse(String xml) {
        Element root;
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            root = builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new CliException("Failed to parse introspection XML: " + e.getMessage(), e);
        }
        var interfaces = new ArrayList<Interface>();
        for (Element i : children(root, "interface")) {
            boolean ifaceDeprecated = "true".equals(annotation(i, DEPRECATED));
            String defaultEmits = annotation(i, EMITS_CHANGED);
            var members = new ArrayList<Member>();
            for (Element m : children(i, "method")) {
                var in = new StringBuilder();
                var out = new StringBuilder();
                for (Element arg : children(m, "arg")) {
                    ("out".equals(arg.getAttribute("direction")) ? out : in).append(arg.getAttribute("type"));
                }
                var flags = new ArrayList<String>();
                if ("true".equals(annotation(m, DEPRECATED))) {
                    flags.add("deprecated");
                }
                if ("true".equals(annotation(m, NO_REPLY))) {
                    flags.add("no-reply");
                }
                members.add(new Member(Kind.METHOD, m.getAttribute("name"), in.toString(), out.toString(), flags));
            }
            for (Element p : children(i, "property")) {
                var flags = new ArrayList<String>();
                if ("true".equals(annotation(p, DEPRECATED))) {
                    flags.add("deprecated");
                }
                String emits = annotation(p, EMITS_CHANGED);
                switch (emits != null ? emits : defaultEmits != null ? defaultEmits : "true") {
                    case "const" -> flags.add("const");
                    case "invalidates" -> flags.add("emits-invalidation");
                    case "false" -> { }
                    default -> flags.add("emits-change");
                }
                if (p.getAttribute("access").contains("write")) {
                    flags.add("writable");
                }
                members.add(new Member(Kind.PROPERTY, p.getAttribute("name"), p.getAttribute("type"), "", flags));
            }
            for (Element s : children(i, "signal")) {
                var sig = new StringBuilder();
                for (Element arg : children(s, "arg")) {
                    sig.append(arg.getAttribute("type"));
                }
                var flags = new ArrayList<String>();
                if ("true".equals(annotation(s, DEPRECATED))) {
                    flags.add("deprecated");
                }
                members.add(new Member(Kind.SIGNAL, s.getAttribute("name"), sig.toString(), "", flags));
            }
            interfaces.add(new Interface(i.getAttribute("name"), List.copyOf(members), ifaceDeprecated));
        }
        return new Introspection(List.copyOf(interfaces));
    }

    private static List<Element> children(Element parent, String tag) {
        var out = new ArrayList<Element>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String annotation(Element parent, String name) {
        String value = null;
        for (Element a : children(parent, "annotation")) {
            if (a.getAttribute("name").equals(name)) {
                value = a.getAttribute("value");
            }
        }
        return value;
    }
}
