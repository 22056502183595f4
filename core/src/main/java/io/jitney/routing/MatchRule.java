package io.jitney.routing;

import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.names.BusName;
import io.jitney.names.InterfaceName;
import io.jitney.names.MemberName;
import io.jitney.wire.BasicType;
import io.jitney.wire.Limits;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A D-Bus match rule: which messages a connection wants the bus to route to it, and, evaluated
 * locally with {@link #matches(Message, NameOwners)}, which received messages a subscription
 * should see. Immutable and thread-safe.
 *
 * <p>Every key of the spec is supported (spec, "Message Bus Specification", "Match Rules"):
 * {@code type}, {@code sender}, {@code interface}, {@code member}, {@code path},
 * {@code path_namespace}, {@code destination}, {@code arg0}..{@code arg63} (string match),
 * {@code arg0path}..{@code arg63path}, {@code arg0namespace} and {@code eavesdrop}. Build one
 * with {@link #builder()} or read one with {@link #parse(String)}; both validate every value,
 * so a {@code MatchRule} is always one the spec allows (dbus-daemon adds limits of its own on
 * length and key count: see below).
 *
 * <pre>{@code
 * MatchRule rule = MatchRule.builder()
 *         .type(MessageType.SIGNAL)
 *         .interfaceName("org.freedesktop.DBus.Properties")
 *         .member("PropertiesChanged")
 *         .pathNamespace("/org/example")
 *         .build();
 * String text = rule.serialize(); // type='signal',interface='org.freedesktop.DBus.Properties',...
 * }</pre>
 *
 * <h2>Text form</h2>
 * {@link #serialize()} (and {@link #toString()}) quote every value with apostrophes and write an
 * apostrophe inside a value as {@code '\''}; {@code parse(rule.serialize()).equals(rule)} always
 * holds. {@link #parse(String)} accepts everything the spec allows: quoted and unquoted values,
 * {@code \'} outside quotes, a backslash representing itself everywhere else, whitespace before
 * a key and between a key and its {@code =} (whitespace after {@code =} belongs to the value, as
 * in dbus-daemon), an empty rule and one trailing comma.
 *
 * <h2>Where dbus-daemon differs</h2>
 * Observed with dbus-daemon 1.14.10, and why this class does what it does:
 * <ul>
 * <li>Outside quotes, dbus-daemon takes the character after <em>any</em> backslash literally,
 *     so {@code arg1=\,arg2=','} gives one argument {@code \,arg2=,} where the spec reads two.
 *     This class follows the spec; {@link #serialize()} always quotes, so the text it produces
 *     means the same to both.
 * <li>dbus-daemon reads at most {@value #DBUS_DAEMON_MAX_KEYS} key/value pairs and silently
 *     ignores the rest, and refuses rule text longer than {@value #DBUS_DAEMON_MAX_LENGTH}
 *     bytes ({@code LimitsExceeded}). A longer rule is still valid here and still matches
 *     locally as written; sent to dbus-daemon it is refused, or (above 16 keys) broadened.
 * <li>dbus-daemon ignores everything after an empty key ({@code type='signal',=x,member='!'}
 *     is accepted as {@code type='signal'}) and accepts argument numbers such as
 *     {@code arg01} or {@code arg+1}; these are rejected here as the mistakes they are.
 * <li>{@code eavesdrop} may be repeated (the last one counts), as in dbus-daemon; every other
 *     key, including the same argument index with different kinds ({@code arg0} and
 *     {@code arg0path}) and {@code path} with {@code path_namespace}, may appear once.
 * </ul>
 *
 * <h2>Local evaluation</h2>
 * {@link #matches(Message, NameOwners)} applies the spec's semantics to one message; see there.
 * Equality is by value: two rules are equal when they serialize to the same text.
 */
public final class MatchRule {
    /** Spec: "Only argument indexes from 0 to 63 should be accepted." */
    public static final int MAX_ARG_INDEX = 63;

    /** dbus-daemon refuses longer rule text with {@code org.freedesktop.DBus.Error.LimitsExceeded}. */
    public static final int DBUS_DAEMON_MAX_LENGTH = 1024;

    /** dbus-daemon parses at most this many key/value pairs of a rule and ignores the rest. */
    public static final int DBUS_DAEMON_MAX_KEYS = 16;

    private static final String BUS_NAME = "org.freedesktop.DBus";
    private static final String KNOWN_KEYS =
            "type, sender, interface, member, path, path_namespace, destination, argN, argNpath, arg0namespace, "
                    + "eavesdrop";

    /** What an argument condition compares, and the key it is written with. */
    public enum ArgKind {
        /** {@code argN}: the argument is a STRING equal to the value. */
        STRING(""),
        /** {@code argNpath}: a STRING or OBJECT_PATH equal to the value or path-prefix related to it. */
        PATH("path"),
        /** {@code arg0namespace}: a STRING that is the value or a bus/interface name below it. */
        NAMESPACE("namespace");

        private final String suffix;

        ArgKind(String suffix) {
            this.suffix = suffix;
        }

        /** The key for argument {@code index}, e.g. {@code arg3path}. */
        public String key(int index) {
            return "arg" + index + suffix;
        }
    }

    /** One condition on the body argument at {@code index}. */
    public record ArgMatch(int index, ArgKind kind, String value) {
        public ArgMatch {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
            if (index < 0 || index > MAX_ARG_INDEX) {
                throw new IllegalArgumentException("argument index " + index + " is outside 0.." + MAX_ARG_INDEX);
            }
            if (kind == ArgKind.NAMESPACE && index != 0) {
                throw new IllegalArgumentException("only arg0namespace is defined, not arg" + index + "namespace");
            }
            String problem = kind == ArgKind.NAMESPACE ? namespaceProblem(value) : stringProblem(value);
            if (problem != null) {
                throw new IllegalArgumentException("invalid " + kind.key(index) + " value '" + value + "': " + problem);
            }
        }

        /** The key this condition is written with, e.g. {@code arg0namespace}. */
        public String key() {
            return kind.key(index);
        }
    }

    private final MessageType type;
    private final String sender;
    private final String interfaceName;
    private final String member;
    private final ObjectPath path;
    private final ObjectPath pathNamespace;
    private final String destination;
    private final List<ArgMatch> args;
    private final ArgMatch[] argByIndex;
    private final Boolean eavesdrop;
    private final String text;

    private MatchRule(Builder b) {
        this.type = b.type;
        this.sender = b.sender;
        this.interfaceName = b.interfaceName;
        this.member = b.member;
        this.path = b.path;
        this.pathNamespace = b.pathNamespace;
        this.destination = b.destination;
        this.argByIndex = b.args.clone();
        var list = new ArrayList<ArgMatch>();
        for (ArgMatch a : argByIndex) {
            if (a != null) {
                list.add(a);
            }
        }
        this.args = Collections.unmodifiableList(list);
        this.eavesdrop = b.eavesdrop;
        this.text = render();
    }

    /** A builder for a rule; with no key set it builds the empty rule, which matches every message. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this rule's keys. */
    public Builder toBuilder() {
        var b = new Builder();
        b.type = type;
        b.sender = sender;
        b.interfaceName = interfaceName;
        b.member = member;
        b.path = path;
        b.pathNamespace = pathNamespace;
        b.destination = destination;
        System.arraycopy(argByIndex, 0, b.args, 0, argByIndex.length);
        b.eavesdrop = eavesdrop;
        return b;
    }

    /**
     * The rule a connection adds to follow the owner of {@code name}: the bus's
     * {@code NameOwnerChanged} signal with {@code arg0} equal to the name. Feed what it matches
     * to {@link NameOwnerTracker#onMessage(Message)}.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid bus name
     */
    public static MatchRule nameOwnerChangedRule(String name) {
        BusName.check(name);
        return builder()
                .type(MessageType.SIGNAL)
                .sender(BUS_NAME)
                .interfaceName(BUS_NAME)
                .member("NameOwnerChanged")
                .path("/org/freedesktop/DBus")
                .arg(0, name)
                .build();
    }

    /**
     * Parses a rule in the spec's syntax (see the class comment for what is accepted).
     *
     * @throws MatchRuleSyntaxException with the position of the problem, for anything else
     */
    public static MatchRule parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Parser(text).parse();
    }

    /** {@code type}, or {@code null}. */
    public MessageType type() {
        return type;
    }

    /** {@code sender} (a unique or well-known bus name), or {@code null}. */
    public String sender() {
        return sender;
    }

    /** {@code interface}, or {@code null}. */
    public String interfaceName() {
        return interfaceName;
    }

    /** {@code member}, or {@code null}. */
    public String member() {
        return member;
    }

    /** {@code path}, or {@code null}. */
    public ObjectPath path() {
        return path;
    }

    /** {@code path_namespace}, or {@code null}. */
    public ObjectPath pathNamespace() {
        return pathNamespace;
    }

    /** {@code destination}, or {@code null}. */
    public String destination() {
        return destination;
    }

    /** The argument conditions, in order of index; at most one per index. */
    public List<ArgMatch> args() {
        return args;
    }

    /** The condition on argument {@code index}, or {@code null}. */
    public ArgMatch argMatch(int index) {
        return index >= 0 && index <= MAX_ARG_INDEX ? argByIndex[index] : null;
    }

    /** The {@code argN} string value, or {@code null} if argument {@code index} has no string condition. */
    public String arg(int index) {
        return valueOf(index, ArgKind.STRING);
    }

    /** The {@code argNpath} value, or {@code null}. */
    public String argPath(int index) {
        return valueOf(index, ArgKind.PATH);
    }

    /** The {@code arg0namespace} value, or {@code null}. */
    public String arg0Namespace() {
        return valueOf(0, ArgKind.NAMESPACE);
    }

    private String valueOf(int index, ArgKind kind) {
        ArgMatch a = argMatch(index);
        return a != null && a.kind() == kind ? a.value() : null;
    }

    /** True if the rule has {@code eavesdrop='true'}. */
    public boolean eavesdrop() {
        return Boolean.TRUE.equals(eavesdrop);
    }

    /** The {@code eavesdrop} key as written: empty if absent, else {@code true} or {@code false}. */
    public Optional<Boolean> eavesdropKey() {
        return Optional.ofNullable(eavesdrop);
    }

    /** True if the rule has no key at all: it matches every message. */
    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** The number of keys, as dbus-daemon counts them against {@link #DBUS_DAEMON_MAX_KEYS}. */
    public int keyCount() {
        int n = args.size();
        Object[] keys = {type, sender, interfaceName, member, path, pathNamespace, destination, eavesdrop};
        for (Object o : keys) {
            if (o != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Evaluates the rule against a message, treating a well-known {@code sender} as matching
     * only a literally equal sender. See {@link #matches(Message, NameOwners)}.
     */
    public boolean matches(Message m) {
        return matches(m, NameOwners.NONE);
    }

    /**
     * True if the message satisfies every key of the rule, as the bus would decide:
     * <ul>
     * <li>{@code type}, {@code member}, {@code path}: equal; a message without the header field
     *     does not match. {@code interface} likewise: a message without an interface never
     *     matches a rule that has one.
     * <li>{@code path_namespace}: the path equals it or continues with {@code /}; {@code /}
     *     matches every path.
     * <li>{@code sender}: equal to the message's sender, or, for a well-known name, the
     *     message's sender is the name's unique owner according to {@code owners}.
     * <li>{@code destination}: the message has one and it names the same connection (equal, or
     *     resolved through {@code owners} where one side is a well-known name).
     * <li>{@code argN}: argument N exists, is a STRING (not an OBJECT_PATH, as in dbus-daemon)
     *     and is equal to the value.
     * <li>{@code argNpath}: argument N is a STRING or OBJECT_PATH and is equal to the value, or
     *     whichever of the two is shorter ends with {@code /} and is a prefix of the other.
     * <li>{@code arg0namespace}: argument 0 is a STRING equal to the value or starting with the
     *     value followed by {@code .}.
     * </ul>
     * {@code eavesdrop} has no effect here. In dbus-daemon it decides whether a rule may route a
     * message that has a {@code DESTINATION} to a connection other than that destination
     * (without it, a rule matches only broadcasts and never matches when it has a
     * {@code destination} key); a client evaluating its own incoming messages has already
     * received them, whether broadcast, addressed to it or eavesdropped, and only asks whether
     * they fit.
     */
    public boolean matches(Message m, NameOwners owners) {
        Objects.requireNonNull(m, "m");
        Objects.requireNonNull(owners, "owners");
        if (type != null && m.type() != type) {
            return false;
        }
        if (interfaceName != null && !interfaceName.equals(m.interfaceName())) {
            return false;
        }
        if (member != null && !member.equals(m.member())) {
            return false;
        }
        if (path != null && !path.equals(m.path())) {
            return false;
        }
        if (pathNamespace != null && (m.path() == null || !m.path().isWithin(pathNamespace))) {
            return false;
        }
        if (sender != null && !senderMatches(m.sender(), owners)) {
            return false;
        }
        if (destination != null && !sameConnection(destination, m.destination(), owners)) {
            return false;
        }
        if (!args.isEmpty()) {
            List<Object> body = m.body();
            List<Type> types = m.signature().types();
            for (ArgMatch a : args) {
                if (a.index() >= body.size() || !argMatches(a, types.get(a.index()), body.get(a.index()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean senderMatches(String actual, NameOwners owners) {
        if (actual == null) {
            return false;
        }
        if (sender.equals(actual)) {
            return true;
        }
        return !isUnique(sender) && actual.equals(owners.uniqueOwnerOf(sender));
    }

    private static boolean sameConnection(String ruleName, String actual, NameOwners owners) {
        if (actual == null) {
            return false;
        }
        if (ruleName.equals(actual)) {
            return true;
        }
        String a = isUnique(ruleName) ? ruleName : owners.uniqueOwnerOf(ruleName);
        String b = isUnique(actual) ? actual : owners.uniqueOwnerOf(actual);
        return a != null && a.equals(b);
    }

    private static boolean isUnique(String name) {
        return name.startsWith(":");
    }

    private static boolean argMatches(ArgMatch a, Type t, Object value) {
        String actual;
        if (t == BasicType.STRING) {
            actual = value.toString();
        } else if (t == BasicType.OBJECT_PATH && a.kind() == ArgKind.PATH) {
            actual = value instanceof ObjectPath p ? p.value() : value.toString();
        } else {
            return false;
        }
        String expected = a.value();
        return switch (a.kind()) {
            case STRING -> expected.equals(actual);
            case PATH -> pathArgMatches(expected, actual);
            case NAMESPACE -> actual.startsWith(expected)
                    && (actual.length() == expected.length() || actual.charAt(expected.length()) == '.');
        };
    }

    /** The spec's {@code argNpath} rule: equal, or the shorter ends with '/' and prefixes the other. */
    static boolean pathArgMatches(String expected, String actual) {
        if (actual.length() < expected.length()) {
            return actual.endsWith("/") && expected.startsWith(actual);
        }
        if (expected.length() < actual.length()) {
            return expected.endsWith("/") && actual.startsWith(expected);
        }
        return expected.equals(actual);
    }

    /** The rule in the spec's syntax, every value quoted; parsing it gives an equal rule. */
    public String serialize() {
        return text;
    }

    /** Same as {@link #serialize()}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MatchRule other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private String render() {
        var sb = new StringBuilder();
        if (type != null) {
            append(sb, "type", type.matchRuleName());
        }
        if (sender != null) {
            append(sb, "sender", sender);
        }
        if (interfaceName != null) {
            append(sb, "interface", interfaceName);
        }
        if (member != null) {
            append(sb, "member", member);
        }
        if (path != null) {
            append(sb, "path", path.value());
        }
        if (pathNamespace != null) {
            append(sb, "path_namespace", pathNamespace.value());
        }
        if (destination != null) {
            append(sb, "destination", destination);
        }
        for (ArgMatch a : args) {
            append(sb, a.key(), a.value());
        }
        if (eavesdrop != null) {
            append(sb, "eavesdrop", eavesdrop.toString());
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String key, String value) {
        if (!sb.isEmpty()) {
            sb.append(',');
        }
        sb.append(key).append("='");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'') {
                // An apostrophe cannot appear inside quotes: close, write \', reopen.
                sb.append("'\\''");
            } else {
                sb.append(c);
            }
        }
        sb.append('\'');
    }

    /** What keeps {@code s} from being sent as a D-Bus string (NUL, unpaired surrogate), or null. */
    static String stringProblem(String s) {
        int i = badCharIndex(s);
        if (i < 0) {
            return null;
        }
        return s.charAt(i) == 0
                ? "contains a NUL character at index " + i + ", which D-Bus strings cannot carry"
                : "contains an unpaired surrogate at index " + i;
    }

    /** The index of the first NUL or unpaired surrogate, or -1. */
    private static int badCharIndex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || Character.isLowSurrogate(c)) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * The spec's {@code arg0namespace} rule: "like a bus name, except that the string is not
     * required to contain a '.'" — so no empty element, no trailing '.', elements of
     * [A-Za-z0-9_-] not starting with a digit (a unique-name prefix {@code :1} may).
     */
    static String namespaceProblem(String ns) {
        if (ns.isEmpty()) {
            return "empty (omit the key to match every argument)";
        }
        if (ns.length() > Limits.MAX_NAME_LENGTH) {
            return "longer than " + Limits.MAX_NAME_LENGTH + " characters (" + ns.length() + ")";
        }
        boolean unique = ns.charAt(0) == ':';
        int start = unique ? 1 : 0;
        if (start == ns.length()) {
            return "nothing after ':'";
        }
        boolean elementStart = true;
        for (int i = start; i < ns.length(); i++) {
            char c = ns.charAt(i);
            if (c == '.') {
                if (elementStart) {
                    return i == 0 ? "must not begin with '.'" : "empty element at position " + i;
                }
                elementStart = true;
            } else if (isNameChar(c) && (unique || !elementStart || !(c >= '0' && c <= '9'))) {
                elementStart = false;
            } else if (c >= '0' && c <= '9') {
                return "element starts with a digit at position " + i;
            } else {
                return "character '" + c + "' at position " + i + " is not allowed (only [A-Za-z0-9_-] and '.')";
            }
        }
        return elementStart ? "ends with '.'" : null;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /**
     * Builds a {@link MatchRule}. Each setter validates its value at once and throws
     * {@link IllegalArgumentException} naming the problem; {@code null} removes a key. Setting
     * a key again replaces it, but keys that exclude each other ({@code path} and
     * {@code path_namespace}; two kinds of condition on one argument) must be removed before
     * the other is set. Not thread-safe.
     */
    public static final class Builder {
        private MessageType type;
        private String sender;
        private String interfaceName;
        private String member;
        private ObjectPath path;
        private ObjectPath pathNamespace;
        private String destination;
        private final ArgMatch[] args = new ArgMatch[MAX_ARG_INDEX + 1];
        private Boolean eavesdrop;

        private Builder() {}

        /** {@code type}: only messages of this type. */
        public Builder type(MessageType type) {
            this.type = type;
            return this;
        }

        /** {@code sender}: a unique or well-known bus name. */
        public Builder sender(String sender) {
            this.sender = sender == null ? null : BusName.check(sender);
            return this;
        }

        /** {@code interface}. */
        public Builder interfaceName(String interfaceName) {
            this.interfaceName = interfaceName == null ? null : InterfaceName.check(interfaceName);
            return this;
        }

        /** {@code member}: a method or signal name. */
        public Builder member(String member) {
            this.member = member == null ? null : MemberName.check(member);
            return this;
        }

        /** {@code path}: exactly this object path. */
        public Builder path(ObjectPath path) {
            if (path != null && pathNamespace != null) {
                throw new IllegalArgumentException("path and path_namespace cannot be used together (path_namespace is "
                        + pathNamespace + "); clear it first");
            }
            this.path = path;
            return this;
        }

        /** {@code path} from a string, validated. */
        public Builder path(String path) {
            return path(path == null ? null : new ObjectPath(path));
        }

        /** {@code path_namespace}: this object path or any below it ({@code /} matches all). */
        public Builder pathNamespace(ObjectPath namespace) {
            if (namespace != null && path != null) {
                throw new IllegalArgumentException("path and path_namespace cannot be used together (path is "
                        + path + "); clear it first");
            }
            this.pathNamespace = namespace;
            return this;
        }

        /** {@code path_namespace} from a string, validated. */
        public Builder pathNamespace(String namespace) {
            return pathNamespace(namespace == null ? null : new ObjectPath(namespace));
        }

        /**
         * {@code destination}. The spec says a unique name; dbus-daemon also accepts, and
         * matches, a well-known name, and so does this class.
         */
        public Builder destination(String destination) {
            this.destination = destination == null ? null : BusName.check(destination);
            return this;
        }

        /** {@code argN}: argument {@code index} is a STRING equal to {@code value} ({@code null} removes it). */
        public Builder arg(int index, String value) {
            return setArg(index, ArgKind.STRING, value);
        }

        /** {@code argNpath}: see {@link MatchRule#matches(Message, NameOwners)}; the value need not be a valid path. */
        public Builder argPath(int index, String value) {
            return setArg(index, ArgKind.PATH, value);
        }

        /** {@code arg0namespace}: a bus-name prefix of whole elements, e.g. {@code com.example}. */
        public Builder arg0Namespace(String namespace) {
            return setArg(0, ArgKind.NAMESPACE, namespace);
        }

        /** Adds (or, with the same kind, replaces) a condition. */
        public Builder arg(ArgMatch match) {
            return setArg(match.index(), match.kind(), match.value());
        }

        private Builder setArg(int index, ArgKind kind, String value) {
            if (index < 0 || index > MAX_ARG_INDEX) {
                throw new IllegalArgumentException("argument index " + index + " is outside 0.." + MAX_ARG_INDEX);
            }
            ArgMatch existing = args[index];
            if (value == null) {
                if (existing != null && existing.kind() == kind) {
                    args[index] = null;
                }
                return this;
            }
            if (existing != null && existing.kind() != kind) {
                throw new IllegalArgumentException("argument " + index + " already has the condition " + existing.key()
                        + "; one argument takes one condition (clear it first)");
            }
            args[index] = new ArgMatch(index, kind, value);
            return this;
        }

        /** Removes every argument condition. */
        public Builder clearArgs() {
            Arrays.fill(args, null);
            return this;
        }

        /**
         * {@code eavesdrop}: {@code true} asks the bus for unicast messages addressed to others
         * too (deprecated in favour of {@code BecomeMonitor}); {@code false} writes the key
         * with its default; {@code null} removes it.
         */
        public Builder eavesdrop(Boolean eavesdrop) {
            this.eavesdrop = eavesdrop;
            return this;
        }

        /** The rule. Never fails: every value was checked when it was set. */
        public MatchRule build() {
            return new MatchRule(this);
        }
    }

    /** The parser: mirrors dbus-daemon's tokenizer where the spec is silent, the spec where they differ. */
    private static final class Parser {
        private final String s;
        private final int n;
        private int pos;
        private final Builder b = new Builder();
        private boolean typeSeen;
        private boolean senderSeen;
        private boolean interfaceSeen;
        private boolean memberSeen;
        private boolean destinationSeen;
        private String pathKey;

        Parser(String s) {
            this.s = s;
            this.n = s.length();
        }

        MatchRule parse() {
            checkCharacters();
            while (true) {
                skipWhitespace();
                if (pos >= n) {
                    break;
                }
                int keyStart = pos;
                while (pos < n && s.charAt(pos) != '=' && !isWhite(s.charAt(pos))) {
                    pos++;
                }
                String key = s.substring(keyStart, pos);
                skipWhitespace();
                if (key.isEmpty()) {
                    throw error(keyStart, "empty key before '='");
                }
                if (key.charAt(0) == ',') {
                    throw error(keyStart, "empty key/value pair before ','");
                }
                if (pos >= n || s.charAt(pos) != '=') {
                    throw error(pos, "key '" + key + "' is not followed by '='");
                }
                pos++;
                int valueStart = pos;
                String value = readValue();
                apply(key, keyStart, value, valueStart);
            }
            return b.build();
        }

        private void checkCharacters() {
            int at = badCharIndex(s);
            if (at >= 0) {
                throw error(at, s.charAt(at) == 0
                        ? "NUL character (D-Bus strings cannot carry one)"
                        : "unpaired surrogate character (not valid Unicode)");
            }
        }

        /** One value: up to an unquoted ',' (consumed) or the end. */
        private String readValue() {
            var v = new StringBuilder();
            int quoteStart = -1;
            while (pos < n) {
                char c = s.charAt(pos);
                if (quoteStart >= 0) {
                    if (c == '\'') {
                        quoteStart = -1;
                    } else {
                        v.append(c);
                    }
                } else if (c == '\'') {
                    quoteStart = pos;
                } else if (c == ',') {
                    pos++;
                    break;
                } else if (c == '\\' && pos + 1 < n && s.charAt(pos + 1) == '\'') {
                    v.append('\'');
                    pos++;
                } else {
                    v.append(c);
                }
                pos++;
            }
            if (quoteStart >= 0) {
                throw error(quoteStart, "unterminated quote: the apostrophe here is never closed");
            }
            return v.toString();
        }

        private void apply(String key, int keyAt, String value, int valueAt) {
            switch (key) {
                case "type" -> {
                    typeSeen = once(typeSeen, key, keyAt);
                    MessageType t = switch (value) {
                        case "signal" -> MessageType.SIGNAL;
                        case "method_call" -> MessageType.METHOD_CALL;
                        case "method_return" -> MessageType.METHOD_RETURN;
                        case "error" -> MessageType.ERROR;
                        default -> throw error(valueAt, "type '" + value
                                + "' is not one of 'signal', 'method_call', 'method_return', 'error'");
                    };
                    b.type(t);
                }
                case "sender" -> {
                    senderSeen = once(senderSeen, key, keyAt);
                    b.sender = checked(valueAt, "sender", value, BusName.problem(value));
                }
                case "interface" -> {
                    interfaceSeen = once(interfaceSeen, key, keyAt);
                    b.interfaceName = checked(valueAt, "interface", value, InterfaceName.problem(value));
                }
                case "member" -> {
                    memberSeen = once(memberSeen, key, keyAt);
                    b.member = checked(valueAt, "member", value, MemberName.problem(value));
                }
                case "path", "path_namespace" -> {
                    if (pathKey != null) {
                        throw error(keyAt, pathKey.equals(key)
                                ? "key '" + key + "' appears more than once"
                                : "path and path_namespace cannot be used together");
                    }
                    pathKey = key;
                    ObjectPath p = new ObjectPath(checked(valueAt, key, value, ObjectPath.problem(value)));
                    if (key.equals("path")) {
                        b.path = p;
                    } else {
                        b.pathNamespace = p;
                    }
                }
                case "destination" -> {
                    destinationSeen = once(destinationSeen, key, keyAt);
                    b.destination = checked(valueAt, "destination", value, BusName.problem(value));
                }
                case "eavesdrop" -> {
                    // Repeatable, last one wins, as in dbus-daemon (tools append eavesdrop='true'
                    // or 'false' to a rule that may already have it).
                    b.eavesdrop = switch (value) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> throw error(valueAt, "eavesdrop='" + value + "' must be 'true' or 'false'");
                    };
                }
                default -> {
                    if (key.startsWith("arg")) {
                        applyArg(key, keyAt, value, valueAt);
                    } else {
                        throw error(keyAt, "unknown key '" + key + "' (known: " + KNOWN_KEYS + ")");
                    }
                }
            }
        }

        private void applyArg(String key, int keyAt, String value, int valueAt) {
            int i = 3;
            while (i < key.length() && key.charAt(i) >= '0' && key.charAt(i) <= '9') {
                i++;
            }
            String digits = key.substring(3, i);
            String suffix = key.substring(i);
            if (digits.isEmpty()) {
                throw error(keyAt, "key '" + key
                        + "' starts with 'arg' but has no argument number (e.g. arg0, arg7path)");
            }
            ArgKind kind = switch (suffix) {
                case "" -> ArgKind.STRING;
                case "path" -> ArgKind.PATH;
                case "namespace" -> ArgKind.NAMESPACE;
                default -> throw error(keyAt + i, "key '" + key + "' has '" + suffix
                        + "' after the argument number; only argNpath and arg0namespace are defined");
            };
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                throw error(keyAt + 3, "argument number '" + digits + "' in key '" + key + "' has a leading zero");
            }
            int index = digits.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(digits);
            if (index > MAX_ARG_INDEX) {
                throw error(keyAt + 3, "argument number " + digits + " in key '" + key + "' is above the maximum "
                        + MAX_ARG_INDEX);
            }
            if (kind == ArgKind.NAMESPACE && index != 0) {
                throw error(keyAt, "only arg0namespace is defined, not '" + key + "'");
            }
            ArgMatch existing = b.args[index];
            if (existing != null) {
                throw error(keyAt, existing.kind() == kind
                        ? "key '" + key + "' appears more than once"
                        : "argument " + index + " is matched twice ('" + existing.key() + "' and '" + key + "')");
            }
            String problem = kind == ArgKind.NAMESPACE ? namespaceProblem(value) : null;
            b.args[index] = new ArgMatch(index, kind, checked(valueAt, key, value, problem));
        }

        private boolean once(boolean seen, String key, int at) {
            if (seen) {
                throw error(at, "key '" + key + "' appears more than once");
            }
            return true;
        }

        private String checked(int at, String key, String value, String problem) {
            if (problem != null) {
                throw error(at, "invalid " + key + " '" + value + "': " + problem);
            }
            return value;
        }

        private void skipWhitespace() {
            while (pos < n && isWhite(s.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isWhite(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        private MatchRuleSyntaxException error(int at, String problem) {
            return new MatchRuleSyntaxException(s, at, problem);
        }
    }
}
