package io.jitney.names;

import io.jitney.wire.Limits;

/** The spec's "Valid Names" rules as pure functions returning the problem, or {@code null}. */
final class NameRules {
    private NameRules() {}

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Interface and error names: ≥ 2 dot-separated elements of [A-Za-z0-9_], none starting with a digit. */
    static String interfaceProblem(String name) {
        String common = lengthProblem(name);
        if (common != null) {
            return common;
        }
        int elements = 1;
        boolean elementStart = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (elementStart) {
                    return "empty element at position " + i;
                }
                elements++;
                elementStart = true;
            } else if (isAlpha(c) || (isDigit(c) && !elementStart)) {
                elementStart = false;
            } else if (isDigit(c)) {
                return "element starts with a digit at position " + i;
            } else {
                return "character '" + c + "' at position " + i + " is not allowed (only [A-Za-z0-9_] and '.')";
            }
        }
        if (elementStart) {
            return "ends with '.'";
        }
        if (elements < 2) {
            return "needs at least two elements separated by '.'";
        }
        return null;
    }

    /** Bus names: unique (':' + elements that may start with digits) or well-known; '-' allowed. */
    static String busNameProblem(String name) {
        String common = lengthProblem(name);
        if (common != null) {
            return common;
        }
        boolean unique = name.charAt(0) == ':';
        int start = unique ? 1 : 0;
        if (start == name.length()) {
            return "nothing after ':'";
        }
        int elements = 1;
        boolean elementStart = true;
        for (int i = start; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (elementStart) {
                    return i == 0 ? "must not begin with '.'" : "empty element at position " + i;
                }
                elements++;
                elementStart = true;
            } else if (isAlpha(c) || c == '-' || (isDigit(c) && (unique || !elementStart))) {
                elementStart = false;
            } else if (isDigit(c)) {
                return "element of a well-known name starts with a digit at position " + i;
            } else {
                return "character '" + c + "' at position " + i + " is not allowed (only [A-Za-z0-9_-] and '.')";
            }
        }
        if (elementStart) {
            return "ends with '.'";
        }
        if (elements < 2) {
            return "needs at least two elements separated by '.'";
        }
        return null;
    }

    /** Member names: one element of [A-Za-z0-9_], not starting with a digit. */
    static String memberProblem(String name) {
        String common = lengthProblem(name);
        if (common != null) {
            return common;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isAlpha(c)) {
                continue;
            }
            if (isDigit(c)) {
                if (i == 0) {
                    return "must not start with a digit";
                }
                continue;
            }
            return "character '" + c + "' at position " + i + " is not allowed (only [A-Za-z0-9_])";
        }
        return null;
    }

    private static String lengthProblem(String name) {
        if (name == null) {
            return "null";
        }
        if (name.isEmpty()) {
            return "empty";
        }
        if (name.length() > Limits.MAX_NAME_LENGTH) {
            return "longer than " + Limits.MAX_NAME_LENGTH + " characters (" + name.length() + ")";
        }
        return null;
    }
}
