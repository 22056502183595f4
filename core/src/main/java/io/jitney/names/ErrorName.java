package io.jitney.names;

/**
 * A validated D-Bus error name, e.g. {@code org.freedesktop.DBus.Error.ServiceUnknown}.
 * See the spec, "Valid Names", "Error names".
 */
public record ErrorName(String value) implements Comparable<ErrorName> {
    public ErrorName {
        String problem = NameRules.interfaceProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException("invalid error name '" + value + "': " + problem);
        }
    }

    /** Same as the constructor. */
    public static ErrorName of(String value) {
        return new ErrorName(value);
    }

    /** True if {@code value} is valid; never throws. */
    public static boolean isValid(String value) {
        return NameRules.interfaceProblem(value) == null;
    }

    /**
     * Throws {@link IllegalArgumentException} naming the problem unless {@code value} is valid;
     * returns it otherwise. For APIs that keep names as plain strings.
     */
    public static String check(String value) {
        String problem = NameRules.interfaceProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException("invalid error name '" + value + "': " + problem);
        }
        return value;
    }

    /** What is wrong with {@code value}, or {@code null} if it is valid. */
    public static String problem(String value) {
        return NameRules.interfaceProblem(value);
    }

    @Override
    public int compareTo(ErrorName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
