package io.jitney.bindgen.internal;

import io.jitney.bindgen.GeneratedFile;
import io.jitney.bindgen.introspection.Access;
import io.jitney.bindgen.introspection.Arg;
import io.jitney.bindgen.introspection.Direction;
import io.jitney.bindgen.introspection.Interface;
import io.jitney.bindgen.introspection.Method;
import io.jitney.bindgen.introspection.Property;
import io.jitney.bindgen.introspection.Signal;
import io.jitney.wire.BasicType;
import io.jitney.wire.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Generates the two files for one D-Bus interface: the typed interface (with its records) and
 * the message generator. Names are settled first, in document order (methods, then properties,
 * signals; nested types: signals, results, structs), then both files are written from the plan.
 */
final class InterfaceGenerator {
    private static final String PROXY = "io.jitney.proxy";
    private static final JType.External STRING = new JType.External("java.lang", "String");
    private static final JType.External VARIANT = new JType.External("io.jitney.wire", "Variant");
    private static final JType.External OBJECT_PATH = new JType.External("io.jitney.wire", "ObjectPath");
    private static final JType.External SIGNATURE = new JType.External("io.jitney.wire", "Signature");
    private static final JType.External UNIX_FD = new JType.External("io.jitney.wire", "UnixFd");
    private static final JType.External MESSAGE = new JType.External("io.jitney.message", "Message");
    private static final JType.External MESSAGE_FLAG = new JType.External("io.jitney.message", "MessageFlag");
    private static final JType.External DBUS_ADDRESS = new JType.External("io.jitney.message", "DBusAddress");
    private static final JType.External MESSAGE_GENERATOR = new JType.External(PROXY, "MessageGenerator");
    private static final JType.External DBUS_INTERFACE = new JType.External(PROXY, "DBusInterface");
    private static final JType.External DBUS_METHOD = new JType.External(PROXY, "DBusMethod");
    private static final JType.External DBUS_TYPE = new JType.External(PROXY, "DBusType");
    private static final JType.External DBUS_PROPERTY = new JType.External(PROXY, "DBusProperty");
    private static final JType.External DBUS_SIGNAL = new JType.External(PROXY, "DBusSignal");

    /** Methods of {@code Object}, as name and parameter erasures: a generated method must not clash. */
    private static final Set<String> OBJECT_METHODS = Set.of(
            "getClass()", "hashCode()", "equals(java.lang.Object)", "toString()", "notify()", "notifyAll()",
            "wait()", "wait(long)", "wait(long,int)", "clone()", "finalize()");
    /** ... and of {@code MessageGenerator}, for the generator's methods. */
    private static final Set<String> GENERATOR_METHODS = Set.of(
            "address()", "interfaceName()", "newMethodCall(java.lang.String,java.lang.String,java.lang.Object[])");

    private final Interface iface;
    private final String packageName;
    private final String typedName;
    private final String generatorName;
    private final String header;
    private final Consumer<String> warn;

    private final List<MethodPlan> methods = new ArrayList<>();
    private final List<PropertyPlan> properties = new ArrayList<>();
    private final List<SignalPlan> signals = new ArrayList<>();
    private final Map<String, StructPlan> structs = new LinkedHashMap<>();

    /** A Java parameter or record component standing for one D-Bus argument. */
    private record Param(String javaName, Arg arg) {
        Type type() {
            return arg.type().type();
        }
    }

    private static final class MethodPlan {
        final Method method;
        String javaName;
        final List<Param> in = new ArrayList<>();
        final List<Param> out = new ArrayList<>();
        final List<Arg> dropped = new ArrayList<>();
        boolean noReply;
        String resultName;

        MethodPlan(Method method) {
            this.method = method;
        }
    }

    private record PropertyPlan(Property property, String getter, String setter) {}

    private static final class SignalPlan {
        final Signal signal;
        final List<Param> components = new ArrayList<>();
        final List<Arg> dropped = new ArrayList<>();
        String recordName;

        SignalPlan(Signal signal) {
            this.signal = signal;
        }
    }

    private static final class StructPlan {
        final Type.Struct type;
        final String base;
        final String firstUse;
        String name;

        StructPlan(Type.Struct type, String base, String firstUse) {
            this.type = type;
            this.base = base;
            this.firstUse = firstUse;
        }
    }

    InterfaceGenerator(Interface iface, String packageName, String typedName, String generatorName, String source,
            Consumer<String> warn) {
        this.iface = iface;
        this.packageName = packageName;
        this.typedName = typedName;
        this.generatorName = generatorName;
        this.header = "// Generated by jitney-bindgen from " + source.replace('\n', ' ') + ". Do not edit.";
        this.warn = warn;
        plan();
    }

    // --- planning ---------------------------------------------------------------------------------

    private void plan() {
        String where = "interface " + iface.name();
        Set<String> methodNames = new HashSet<>();
        for (Method m : iface.methods()) {
            var plan = new MethodPlan(m);
            Set<String> inNames = new HashSet<>();
            Set<String> outNames = new HashSet<>();
            int inIndex = 0;
            int outIndex = 0;
            for (Arg a : m.args()) {
                boolean in = a.direction() == Direction.IN;
                int index = in ? inIndex++ : outIndex++;
                if (a.type().isEmpty()) {
                    plan.dropped.add(a);
                    warn.accept(where + ", method " + m.name() + ", " + (in ? "in" : "out") + " arg "
                            + (a.name() != null ? "'" + a.name() + "'" : "#" + index)
                            + ": type=\"\" describes no value; the argument is left out");
                    continue;
                }
                String raw = JavaNames.lowerCamel(a.name() == null ? "" : a.name(), "arg" + index);
                if (in) {
                    plan.in.add(new Param(JavaNames.claim(JavaNames.escapeMember(raw), inNames, false), a));
                } else {
                    plan.out.add(new Param(JavaNames.claim(JavaNames.escapeComponent(raw), outNames, false), a));
                }
            }
            plan.noReply = m.isNoReply();
            if (plan.noReply && !plan.out.isEmpty()) {
                plan.noReply = false;
                warn.accept(where + ", method " + m.name()
                        + ": marked NoReply but declares out arguments; the NoReply annotation is ignored");
            }
            String name = JavaNames.escapeMember(JavaNames.lowerCamel(m.name(), "call"));
            String erased = name + "(" + String.join(",", plan.in.stream().map(p -> erasure(p.type())).toList()) + ")";
            if (OBJECT_METHODS.contains(erased) || GENERATOR_METHODS.contains(erased)) {
                name = name + "_";
            }
            plan.javaName = JavaNames.claim(name, methodNames, false);
            methods.add(plan);
        }
        for (Property p : iface.properties()) {
            if (p.type().isEmpty()) {
                warn.accept(where + ", property " + p.name() + ": type=\"\" describes no value; the property is left out");
                continue;
            }
            String base = JavaNames.upperCamel(p.name(), "Property");
            for (int n = 1; ; n++) {
                String candidate = n == 1 ? base : base + "_" + n;
                String getter = "get" + candidate;
                String setter = "set" + candidate;
                if (!methodNames.contains(getter) && !methodNames.contains(setter)
                        && !OBJECT_METHODS.contains(getter + "()")) {
                    methodNames.add(getter);
                    methodNames.add(setter);
                    properties.add(new PropertyPlan(p, getter, setter));
                    break;
                }
            }
        }
        for (Signal s : iface.signals()) {
            var plan = new SignalPlan(s);
            Set<String> names = new HashSet<>();
            int index = 0;
            for (Arg a : s.args()) {
                int i = index++;
                if (a.type().isEmpty()) {
                    plan.dropped.add(a);
                    warn.accept(where + ", signal " + s.name() + ", arg " + (a.name() != null ? "'" + a.name() + "'" : "#" + i)
                            + ": type=\"\" describes no value; the argument is left out");
                    continue;
                }
                String raw = JavaNames.lowerCamel(a.name() == null ? "" : a.name(), "arg" + i);
                plan.components.add(new Param(JavaNames.claim(JavaNames.escapeComponent(raw), names, false), a));
            }
            signals.add(plan);
        }

        // Struct records: one per distinct struct signature, named after its first use.
        for (MethodPlan m : methods) {
            for (Arg a : m.method.args()) {
                Param p = find(m, a);
                if (p != null) {
                    registerStructs(p.type(), JavaNames.upperCamel(m.method.name(), "Call")
                            + JavaNames.upperCamel(p.javaName(), "Arg"),
                            "argument " + Docs.name(a.name() != null ? a.name() : p.javaName()) + " of "
                                    + Docs.name(m.method.name()));
                }
            }
        }
        for (SignalPlan s : signals) {
            for (Param p : s.components) {
                registerStructs(p.type(), JavaNames.upperCamel(s.signal.name(), "Signal")
                        + JavaNames.upperCamel(p.javaName(), "Arg"),
                        "argument " + Docs.name(p.arg().name() != null ? p.arg().name() : p.javaName())
                                + " of the signal " + Docs.name(s.signal.name()));
            }
        }
        for (PropertyPlan p : properties) {
            registerStructs(p.property().type().type(), JavaNames.upperCamel(p.property().name(), "Property"),
                    "the property " + Docs.name(p.property().name()));
        }

        // Nested type names: signals, then results, then structs; unique ignoring case.
        Set<String> taken = new HashSet<>();
        taken.add(typedName.toLowerCase(java.util.Locale.ROOT));
        taken.add(generatorName.toLowerCase(java.util.Locale.ROOT));
        for (SignalPlan s : signals) {
            s.recordName = JavaNames.claim(JavaNames.escapeType(JavaNames.upperCamel(s.signal.name(), "Signal")),
                    taken, true);
        }
        for (MethodPlan m : methods) {
            if (m.out.size() > 1) {
                m.resultName = JavaNames.claim(
                        JavaNames.escapeType(JavaNames.upperCamel(m.method.name(), "Call") + "Result"), taken, true);
            }
        }
        for (StructPlan s : structs.values()) {
            s.name = JavaNames.claim(JavaNames.escapeType(s.base), taken, true);
        }
    }

    private static Param find(MethodPlan m, Arg a) {
        for (Param p : m.in) {
            if (p.arg() == a) {
                return p;
            }
        }
        for (Param p : m.out) {
            if (p.arg() == a) {
                return p;
            }
        }
        return null;
    }

    private void registerStructs(Type t, String base, String use) {
        switch (t) {
            case Type.Struct s -> {
                if (!structs.containsKey(s.signature())) {
                    structs.put(s.signature(), new StructPlan(s, base, use));
                    for (int i = 0; i < s.fields().size(); i++) {
                        registerStructs(s.fields().get(i), base + "Field" + i, use);
                    }
                }
            }
            case Type.Array a -> registerStructs(a.element(), base, use);
            case Type.DictEntry d -> registerStructs(d.value(), base, use);
            default -> {
                // basic types and variants hold no struct type
            }
        }
    }

    // --- types ------------------------------------------------------------------------------------

    private JType javaType(Type t) {
        return switch (t) {
            case BasicType b -> switch (b) {
                case BYTE -> new JType.Primitive("byte", "Byte");
                case BOOLEAN -> new JType.Primitive("boolean", "Boolean");
                case INT16 -> new JType.Primitive("short", "Short");
                case UINT16, INT32 -> new JType.Primitive("int", "Integer");
                case UINT32, INT64, UINT64 -> new JType.Primitive("long", "Long");
                case DOUBLE -> new JType.Primitive("double", "Double");
                case UNIX_FD -> UNIX_FD;
                case STRING -> STRING;
                case OBJECT_PATH -> OBJECT_PATH;
                case SIGNATURE -> SIGNATURE;
            };
            case Type.Array a when a.element() == BasicType.BYTE -> new JType.ByteArray();
            case Type.Array a when a.element() instanceof Type.DictEntry d ->
                    new JType.External("java.util", "Map", List.of(javaType(d.key()), javaType(d.value())));
            case Type.Array a -> new JType.External("java.util", "List", List.of(javaType(a.element())));
            case Type.Struct s -> new JType.Nested(typedName, structs.get(s.signature()).name);
            case Type.DictEntry d -> throw new IllegalArgumentException("a dict entry outside an array: " + d);
            case Type.Variant v -> VARIANT;
        };
    }

    /** The erasure of the Java type, without needing struct names (for clash checks). */
    private static String erasure(Type t) {
        return switch (t) {
            case BasicType b -> switch (b) {
                case BYTE -> "byte";
                case BOOLEAN -> "boolean";
                case INT16 -> "short";
                case UINT16, INT32 -> "int";
                case UINT32, INT64, UINT64 -> "long";
                case DOUBLE -> "double";
                case UNIX_FD -> "io.jitney.wire.UnixFd";
                case STRING -> "java.lang.String";
                case OBJECT_PATH -> "io.jitney.wire.ObjectPath";
                case SIGNATURE -> "io.jitney.wire.Signature";
            };
            case Type.Array a when a.element() == BasicType.BYTE -> "byte[]";
            case Type.Array a when a.isDict() -> "java.util.Map";
            case Type.Array a -> "java.util.List";
            case Type.Struct s -> "record";
            case Type.DictEntry d -> "dict-entry";
            case Type.Variant v -> "io.jitney.wire.Variant";
        };
    }

    /**
     * True if the Java type alone gives the D-Bus type: signed integers, strings, lists, maps, and
     * records (whose components carry their own annotations). False where an unsigned type occurs
     * outside a record: those need {@code @DBusType}.
     */
    static boolean derivable(Type t) {
        return switch (t) {
            case BasicType b -> b != BasicType.UINT16 && b != BasicType.UINT32 && b != BasicType.UINT64;
            case Type.Array a -> derivable(a.element());
            case Type.DictEntry d -> derivable(d.key()) && derivable(d.value());
            case Type.Struct s -> true;
            case Type.Variant v -> true;
        };
    }

    /** A parameter or record component declaration, annotated where the Java type is not enough. */
    private String declaration(Param p, JType.Scope scope) {
        String type = javaType(p.type()).render(scope);
        if (derivable(p.type())) {
            return type + " " + p.javaName();
        }
        return "@" + DBUS_TYPE.render(scope) + "(" + Docs.literal(p.type().signature()) + ") " + type + " "
                + p.javaName();
    }

    // --- the typed interface ----------------------------------------------------------------------

    GeneratedFile typedInterface() {
        var scope = new JType.Scope(typedName, new TreeSet<>());
        var body = new SourceWriter();
        boolean first = true;
        for (MethodPlan m : methods) {
            first = separate(body, first);
            typedMethod(body, m, scope);
        }
        for (PropertyPlan p : properties) {
            first = separate(body, first);
            property(body, p, scope);
        }
        for (SignalPlan s : signals) {
            first = separate(body, first);
            signalRecord(body, s, scope);
        }
        for (MethodPlan m : methods) {
            if (m.resultName != null) {
                first = separate(body, first);
                resultRecord(body, m, scope);
            }
        }
        for (StructPlan s : structs.values()) {
            first = separate(body, first);
            structRecord(body, s, scope);
        }

        var doc = new ArrayList<>(Docs.paragraphs(iface.doc()));
        doc.add("The D-Bus interface {@code " + iface.name() + "} as a typed interface, for a typed proxy. "
                + "Its message generator is {@link " + generatorName + "}.");
        var tags = new ArrayList<String>();
        if (iface.isDeprecated()) {
            tags.add("@deprecated The interface is marked deprecated ({@code org.freedesktop.DBus.Deprecated}).");
        }
        var top = new SourceWriter();
        top.javadoc(0, doc, tags);
        if (iface.isDeprecated()) {
            top.line(0, "@Deprecated");
        }
        top.line(0, "@" + DBUS_INTERFACE.render(scope) + "(" + Docs.literal(iface.name()) + ")");
        if (first) {
            top.line(0, "public interface " + typedName + " {}");
            return file(typedName, scope, top.toString());
        }
        top.line(0, "public interface " + typedName + " {");
        return file(typedName, scope, top + body.toString() + "}\n");
    }

    private static boolean separate(SourceWriter w, boolean first) {
        if (!first) {
            w.blank();
        }
        return false;
    }

    private void typedMethod(SourceWriter w, MethodPlan m, JType.Scope scope) {
        var tags = paramTags(m.in);
        if (m.out.size() == 1 && m.out.getFirst().arg().doc() != null) {
            tags.add("@return " + String.join(" ", Docs.paragraphs(m.out.getFirst().arg().doc())));
        }
        deprecatedTag(m.method.isDeprecated(), tags);
        w.javadoc(1, methodDoc(m), tags);
        if (m.method.isDeprecated()) {
            w.line(1, "@Deprecated");
        }
        var attributes = new ArrayList<String>();
        if (!(Character.toUpperCase(m.javaName.charAt(0)) + m.javaName.substring(1)).equals(m.method.name())) {
            attributes.add("name = " + Docs.literal(m.method.name()));
        }
        String out = outSignature(m);
        if (m.out.size() > 1 || (m.out.size() == 1 && !derivable(m.out.getFirst().type()))) {
            attributes.add("out = " + Docs.literal(out));
        }
        if (m.noReply) {
            attributes.add("noReply = true");
        }
        if (!attributes.isEmpty()) {
            w.line(1, "@" + DBUS_METHOD.render(scope) + "(" + String.join(", ", attributes) + ")");
        }
        String returns = switch (m.out.size()) {
            case 0 -> "void";
            case 1 -> javaType(m.out.getFirst().type()).render(scope);
            default -> m.resultName;
        };
        w.wrapped(1, returns + " " + m.javaName + "(", m.in.stream().map(p -> declaration(p, scope)).toList(), ");");
    }

    private void property(SourceWriter w, PropertyPlan p, JType.Scope scope) {
        Property prop = p.property();
        Type type = prop.type().type();
        var doc = new ArrayList<>(Docs.paragraphs(prop.doc()));
        doc.add("D-Bus property " + Docs.name(prop.name()) + ", type {@code " + type.signature() + "}, "
                + switch (prop.access()) {
                    case READ -> "read-only";
                    case WRITE -> "write-only";
                    case READWRITE -> "read-write";
                } + changedSignalNote(prop) + ".");
        String annotation = "@" + DBUS_PROPERTY.render(scope) + "(" + Docs.literal(prop.name()) + ")";
        String typeAnnotation = derivable(type) ? null
                : "@" + DBUS_TYPE.render(scope) + "(" + Docs.literal(type.signature()) + ")";
        String javaType = javaType(type).render(scope);
        if (prop.access().readable()) {
            var tags = new ArrayList<String>();
            deprecatedTag(prop.isDeprecated(), tags);
            w.javadoc(1, doc, tags);
            if (prop.isDeprecated()) {
                w.line(1, "@Deprecated");
            }
            w.line(1, annotation);
            if (typeAnnotation != null) {
                w.line(1, typeAnnotation);
            }
            w.line(1, javaType + " " + p.getter() + "();");
        }
        if (prop.access() == Access.READWRITE) {
            w.blank();
        }
        if (prop.access().writable()) {
            var tags = new ArrayList<String>();
            deprecatedTag(prop.isDeprecated(), tags);
            w.javadoc(1, doc, tags);
            if (prop.isDeprecated()) {
                w.line(1, "@Deprecated");
            }
            w.line(1, annotation);
            w.line(1, "void " + p.setter() + "(" + (typeAnnotation != null ? typeAnnotation + " " : "") + javaType
                    + " value);");
        }
    }

    private static String changedSignalNote(Property p) {
        return p.annotation(io.jitney.bindgen.introspection.Annotation.EMITS_CHANGED_SIGNAL)
                .map(v -> switch (v.strip()) {
                    case "const" -> "; constant for the object's lifetime";
                    case "invalidates" -> "; changes are announced without the new value";
                    case "false" -> "; changes are not announced";
                    default -> "";
                })
                .orElse("");
    }

    private void signalRecord(SourceWriter w, SignalPlan s, JType.Scope scope) {
        var doc = new ArrayList<>(Docs.paragraphs(s.signal.doc()));
        doc.add("D-Bus signal " + dbusCall(s.signal.name(), s.signal.args(), List.of(), "arguments") + ".");
        droppedNote(s.dropped, doc);
        var tags = paramTags(s.components);
        deprecatedTag(s.signal.isDeprecated(), tags);
        w.javadoc(1, doc, tags);
        if (s.signal.isDeprecated()) {
            w.line(1, "@Deprecated");
        }
        w.line(1, "@" + DBUS_SIGNAL.render(scope) + "(" + Docs.literal(s.signal.name()) + ")");
        record(w, s.recordName, s.components, scope);
    }

    private void resultRecord(SourceWriter w, MethodPlan m, JType.Scope scope) {
        var doc = List.of("The reply of {@code " + m.method.name() + "}: {@code " + outSignature(m) + "}.");
        w.javadoc(1, doc, paramTags(m.out));
        record(w, m.resultName, m.out, scope);
    }

    private void structRecord(SourceWriter w, StructPlan s, JType.Scope scope) {
        var doc = List.of("The struct {@code " + s.type.signature() + "}, first used by " + s.firstUse + ".");
        w.javadoc(1, doc, List.of());
        var fields = new ArrayList<String>();
        for (int i = 0; i < s.type.fields().size(); i++) {
            Type f = s.type.fields().get(i);
            String type = javaType(f).render(scope);
            fields.add(derivable(f) ? type + " field" + i
                    : "@" + DBUS_TYPE.render(scope) + "(" + Docs.literal(f.signature()) + ") " + type + " field" + i);
        }
        w.wrapped(1, "record " + s.name + "(", fields, ") {}");
    }

    private void record(SourceWriter w, String name, List<Param> components, JType.Scope scope) {
        w.wrapped(1, "record " + name + "(", components.stream().map(p -> declaration(p, scope)).toList(), ") {}");
    }

    // --- the message generator --------------------------------------------------------------------

    GeneratedFile messageGenerator() {
        var scope = new JType.Scope(generatorName, new TreeSet<>());
        var body = new SourceWriter();
        body.line(1, "/** The D-Bus interface name. */");
        body.line(1, "public static final String INTERFACE = " + Docs.literal(iface.name()) + ";");
        body.blank();
        body.javadoc(1, List.of("Builds calls to the object {@code objectPath} owned by {@code busName} "
                + "({@code null} on a peer-to-peer connection); both are validated here."), List.of());
        body.line(1, "public " + generatorName + "(String busName, String objectPath) {");
        body.line(2, "super(new " + DBUS_ADDRESS.render(scope) + "(objectPath, busName, INTERFACE));");
        body.line(1, "}");
        for (MethodPlan m : methods) {
            body.blank();
            var tags = paramTags(m.in);
            deprecatedTag(m.method.isDeprecated(), tags);
            generatorMethod(body, m, tags, scope);
        }

        var doc = new ArrayList<>(Docs.paragraphs(iface.doc()));
        doc.add("Message generator for the D-Bus interface {@code " + iface.name() + "}: each method builds a "
                + "method call and does no I/O; send it on any connection or router. Immutable and thread-safe. "
                + "The typed interface for the same D-Bus interface is {@link " + typedName + "}.");
        if (!properties.isEmpty()) {
            doc.add("Properties are read and written through {@code org.freedesktop.DBus.Properties} "
                    + "({@link io.jitney.bus.Properties}): "
                    + String.join(", ", properties.stream().map(p -> Docs.name(p.property().name())).toList())
                    + ".");
        }
        var tags = new ArrayList<String>();
        if (iface.isDeprecated()) {
            tags.add("@deprecated The interface is marked deprecated ({@code org.freedesktop.DBus.Deprecated}).");
        }
        var top = new SourceWriter();
        top.javadoc(0, doc, tags);
        if (iface.isDeprecated()) {
            top.line(0, "@Deprecated");
        }
        top.line(0, "public final class " + generatorName + " extends " + MESSAGE_GENERATOR.render(scope) + " {");
        return file(generatorName, scope, top + body.toString() + "}\n");
    }

    private void generatorMethod(SourceWriter body, MethodPlan m, List<String> tags, JType.Scope scope) {
        body.javadoc(1, methodDoc(m), tags);
        if (m.method.isDeprecated()) {
            body.line(1, "@Deprecated");
        }
        var params = new ArrayList<String>();
        for (Param p : m.in) {
            params.add(javaType(p.type()).render(scope) + " " + p.javaName());
        }
        body.wrapped(1, "public " + MESSAGE.render(scope) + " " + m.javaName + "(", params, ") {");
        var args = new ArrayList<String>();
        args.add(Docs.literal(m.method.name()));
        args.add(Docs.literal(inSignature(m)));
        for (Param p : m.in) {
            args.add(p.javaName());
        }
        if (m.noReply) {
            body.wrapped(2, "return newMethodCall(", args, ")");
            body.line(4, ".toBuilder().flag(" + MESSAGE_FLAG.render(scope) + ".NO_REPLY_EXPECTED, true).build();");
        } else {
            body.wrapped(2, "return newMethodCall(", args, ");");
        }
        body.line(1, "}");
    }

    // --- shared pieces ----------------------------------------------------------------------------

    private List<String> methodDoc(MethodPlan m) {
        var doc = new ArrayList<>(Docs.paragraphs(m.method.doc()));
        doc.add("D-Bus method " + dbusCall(m.method.name(), m.method.inArgs(), m.method.outArgs(), "in")
                + (m.noReply ? ", which sends no reply." : "."));
        droppedNote(m.dropped, doc);
        return doc;
    }

    private static void droppedNote(List<Arg> dropped, List<String> doc) {
        for (Arg a : dropped) {
            doc.add("The introspection data declares " + (a.name() != null ? "the argument " + Docs.name(a.name())
                    : "an unnamed argument") + " with {@code type=\"\"}: it describes no value and is left out.");
        }
    }

    /**
     * {@code {@code Name(i foo, s) -> a{us} baz}} (argument names only where they are plain), or
     * where that would not fit on a Javadoc line, one span per argument so that it can wrap.
     */
    private static String dbusCall(String name, List<Arg> in, List<Arg> out, String inLabel) {
        var sb = new StringBuilder(name).append('(');
        sb.append(String.join(", ", in.stream().map(InterfaceGenerator::describe).toList())).append(')');
        if (!out.isEmpty()) {
            sb.append(" -> ").append(String.join(", ", out.stream().map(InterfaceGenerator::describe).toList()));
        }
        if (sb.length() <= 60) {
            return "{@code " + sb + "}";
        }
        var parts = new StringBuilder("{@code " + name + "}");
        if (!in.isEmpty()) {
            parts.append(", ").append(inLabel).append(": ").append(String.join(", ",
                    in.stream().map(a -> "{@code " + describe(a) + "}").toList()));
        }
        if (!out.isEmpty()) {
            parts.append(in.isEmpty() ? ", out: " : "; out: ").append(String.join(", ",
                    out.stream().map(a -> "{@code " + describe(a) + "}").toList()));
        }
        return parts.toString();
    }

    private static String describe(Arg a) {
        String type = a.type().isEmpty() ? "\"\"" : a.type().toString();
        return Docs.isPlainName(a.name()) ? type + " " + a.name() : type;
    }

    private static ArrayList<String> paramTags(List<Param> params) {
        var tags = new ArrayList<String>();
        for (Param p : params) {
            if (p.arg().doc() != null) {
                tags.add("@param " + p.javaName() + " " + String.join(" ", Docs.paragraphs(p.arg().doc())));
            }
        }
        return tags;
    }

    private static void deprecatedTag(boolean deprecated, List<String> tags) {
        if (deprecated) {
            tags.add("@deprecated Marked deprecated in the interface ({@code org.freedesktop.DBus.Deprecated}).");
        }
    }

    private static String inSignature(MethodPlan m) {
        var sb = new StringBuilder();
        m.in.forEach(p -> sb.append(p.type().signature()));
        return sb.toString();
    }

    private static String outSignature(MethodPlan m) {
        var sb = new StringBuilder();
        m.out.forEach(p -> sb.append(p.type().signature()));
        return sb.toString();
    }

    private GeneratedFile file(String simpleName, JType.Scope scope, String body) {
        var sb = new StringBuilder(header).append('\n');
        if (!packageName.isEmpty()) {
            sb.append("package ").append(packageName).append(";\n");
        }
        sb.append('\n');
        if (!scope.imports().isEmpty()) {
            for (String imp : scope.imports()) {
                sb.append("import ").append(imp).append(";\n");
            }
            sb.append('\n');
        }
        sb.append(body);
        String qualified = packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
        return new GeneratedFile(qualified, sb.toString());
    }
}
