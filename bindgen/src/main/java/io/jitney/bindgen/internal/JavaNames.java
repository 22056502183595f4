package io.jitney.bindgen.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How D-Bus names become Java identifiers. The rules (also in the README, "Bindgen"):
 *
 * <ol>
 * <li>A name is split into words at every character that is not an ASCII letter or digit
 *     ({@code new_value}, {@code Foo-Bar}); camel case inside a word is kept. A name with no
 *     lower-case letter ({@code NEW_VALUE}) is lower-cased first.
 * <li>Types are UpperCamel (every word capitalised). Members are lowerCamel: the first word's
 *     leading capitals are lower-cased, except the last of a run that starts a new word
 *     ({@code GetAll} → {@code getAll}, {@code URLOpen} → {@code urlOpen}, {@code ID} → {@code id}),
 *     later words are capitalised.
 * <li>A result that starts with a digit gets a leading {@code _}; one with no letters or digits
 *     falls back to a positional name ({@code arg0}, {@code field0}, ...).
 * <li>A Java keyword, literal or restricted identifier ({@code class}, {@code default},
 *     {@code int}, {@code true}, {@code var}, {@code record}, {@code yield}, ...), a record
 *     component name Java forbids ({@code hashCode}, {@code toString}, ...), a method that would
 *     clash with one inherited from {@code Object} or {@code MessageGenerator}, or a type name the
 *     generated code imports ({@code String}, {@code List}, {@code Variant}, ...) gets a trailing
 *     {@code _}.
 * <li>A name already taken in its scope (case-insensitively for types, which become files, and
 *     exactly for members) gets {@code _2}, {@code _3}, ...: the first free one, in document order.
 * </ol>
 */
public final class JavaNames {
    private JavaNames() {}

    /** Keywords, literals and the identifiers Java restricts in some position. */
    static final Set<String> KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "_", "var", "yield", "record", "sealed", "permits",
            "when");

    /** Names a record component may not have (JLS 8.10.1). */
    static final Set<String> FORBIDDEN_COMPONENTS = Set.of(
            "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

    /**
     * Simple names of the types generated code refers to, which a generated type must not take:
     * it would shadow them (same package) or clash with their import.
     */
    static final Set<String> RESERVED_TYPES = Set.of(
            "Object", "String", "Boolean", "Byte", "Short", "Integer", "Long", "Double", "Override",
            "Deprecated", "Record", "List", "Map", "Variant", "ObjectPath", "Signature", "UnixFd", "Message",
            "MessageFlag", "DBusAddress", "MessageGenerator", "DBusInterface", "DBusMethod", "DBusType",
            "DBusProperty", "DBusSignal");

    /** True if {@code name} is a valid Java package name (dot-separated identifiers, no keywords). */
    public static boolean isPackageName(String name) {
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || KEYWORDS.contains(part) || !Character.isJavaIdentifierStart(part.codePointAt(0))
                    || !part.codePoints().allMatch(Character::isJavaIdentifierPart)) {
                return false;
            }
        }
        return true;
    }

    /** The words of a name: runs of ASCII letters and digits. */
    static List<String> words(String name) {
        String n = name;
        if (n.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            n = n.toLowerCase(Locale.ROOT);
        }
        var words = new ArrayList<String>();
        var cur = new StringBuilder();
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                cur.append(c);
            } else if (!cur.isEmpty()) {
                words.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (!cur.isEmpty()) {
            words.add(cur.toString());
        }
        return words;
    }

    /** UpperCamel, or {@code fallback} if the name has no letters or digits. Not escaped. */
    static String upperCamel(String name, String fallback) {
        var sb = new StringBuilder();
        for (String w : words(name)) {
            sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        }
        return leadingDigit(sb.isEmpty() ? fallback : sb.toString());
    }

    /** lowerCamel, or {@code fallback} if the name has no letters or digits. Not escaped. */
    static String lowerCamel(String name, String fallback) {
        List<String> words = words(name);
        if (words.isEmpty()) {
            return fallback;
        }
        var sb = new StringBuilder(decapitalize(words.getFirst()));
        for (String w : words.subList(1, words.size())) {
            sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        }
        return leadingDigit(sb.toString());
    }

    /** {@code URLOpen} → {@code urlOpen}, {@code ID} → {@code id}, {@code Get} → {@code get}. */
    private static String decapitalize(String w) {
        int run = 0;
        while (run < w.length() && Character.isUpperCase(w.charAt(run))) {
            run++;
        }
        if (run == 0) {
            return w;
        }
        if (run == 1 || run == w.length() || !Character.isLowerCase(w.charAt(run))) {
            return w.substring(0, run).toLowerCase(Locale.ROOT) + w.substring(run);
        }
        return w.substring(0, run - 1).toLowerCase(Locale.ROOT) + w.substring(run - 1);
    }

    private static String leadingDigit(String s) {
        return !s.isEmpty() && Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    /** A legal variable, parameter or method name: keywords get a trailing {@code _}. */
    static String escapeMember(String name) {
        return KEYWORDS.contains(name) ? name + "_" : name;
    }

    /** A legal record component name. */
    static String escapeComponent(String name) {
        String n = escapeMember(name);
        return FORBIDDEN_COMPONENTS.contains(n) ? n + "_" : n;
    }

    /** A legal generated type name. */
    static String escapeType(String name) {
        return KEYWORDS.contains(name) || RESERVED_TYPES.contains(name) ? name + "_" : name;
    }

    /**
     * The first of {@code name}, {@code name_2}, {@code name_3}, ... not in {@code taken}, which
     * is updated. {@code taken} holds lower-cased names when {@code ignoreCase}.
     */
    static String claim(String name, Set<String> taken, boolean ignoreCase) {
        String candidate = name;
        for (int n = 2; taken.contains(ignoreCase ? candidate.toLowerCase(Locale.ROOT) : candidate); n++) {
            candidate = name + "_" + n;
        }
        taken.add(ignoreCase ? candidate.toLowerCase(Locale.ROOT) : candidate);
        return candidate;
    }
}
