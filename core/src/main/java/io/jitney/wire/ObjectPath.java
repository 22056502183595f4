package io.jitney.wire;

/**
 * A validated D-Bus object path, e.g. {@code /org/freedesktop/Notifications}.
 *
 * <p>Rules (spec, "Valid Object Paths"): starts with {@code /}; elements of
 * {@code [A-Za-z0-9_]}, none empty; no trailing {@code /} except for the root path {@code /}.
 */
public record ObjectPath(String value) implements Comparable<ObjectPath> {
    /** The root path {@code /}. */
    public static final ObjectPath ROOT = new ObjectPath("/");

    public ObjectPath {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("invalid object path '" + value + "': " + problem);
        }
    }

    /** Same as the constructor; reads well at call sites. */
    public static ObjectPath of(String value) {
        return new ObjectPath(value);
    }

    /** True if {@code value} is a valid object path; never throws. */
    public static boolean isValid(String value) {
        return value != null && problem(value) == null;
    }

    /**
     * What is wrong with {@code path}, or {@code null} if it is valid. Used by validators that
     * must report the problem in their own exception type.
     */
    public static String problem(String path) {
        int n = path.length();
        if (n == 0) {
            return "empty (an object path starts with '/')";
        }
        if (path.charAt(0) != '/') {
            return "must start with '/'";
        }
        if (n == 1) {
            return null;
        }
        if (path.charAt(n - 1) == '/') {
            return "trailing '/' is only allowed in the root path";
        }
        char prev = '/';
        for (int i = 1; i < n; i++) {
            char c = path.charAt(i);
            if (c == '/') {
                if (prev == '/') {
                    return "empty element at position " + i + " ('//')";
                }
            } else if (!isElementChar(c)) {
                return "character '" + c + "' at position " + i + " is not allowed (only [A-Za-z0-9_] and '/')";
            }
            prev = c;
        }
        return null;
    }

    private static boolean isElementChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** True if this path equals {@code namespace} or lies below it (as {@code path_namespace} matches). */
    public boolean isWithin(ObjectPath namespace) {
        String ns = namespace.value;
        if (ns.equals("/")) {
            return true;
        }
        return value.equals(ns) || (value.startsWith(ns) && value.charAt(ns.length()) == '/');
    }

    @Override
    public int compareTo(ObjectPath o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
