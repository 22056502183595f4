package io.jitney.names;

/**
 * A validated D-Bus bus name (unique like {@code :1.42} or well-known like {@code org.freedesktop.Notifications}).
 * See the spec, "Valid Names", "Bus names".
 */
public record BusName(String value) implements Comparable<BusName> {
    public BusName {
        String problem = NameRules.busNameProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException("invalid bus name '" + value + "': " + problem);
        }
    }

    /** Same as the constructor. */
    public static BusName of(String value) {
        return new BusName(value);
    }

    /** True if {@code value} is valid; never throws. */
    public static boolean isValid(String value) {
        return NameRules.busNameProblem(value) == null;
    }

    /**
     * Throws {@link IllegalArgumentException} naming the problem unless {@code value} is valid;
     * returns it otherwise. For APIs that keep names as plain strings.
     */
    public static String check(String value) {
        String problem = NameRules.busNameProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException("invalid bus name '" + value + "': " + problem);
        }
        return value;
    }

    /** What is wrong with {@code value}, or {@code null} if it is valid. */
    public static String problem(String value) {
        return NameRules.busNameProblem(value);
    }

    /** True for a unique connection name (starts with {@code ':'}). */
    public boolean isUnique() {
        return value.charAt(0) == ':';
    }

    @Override
    public int compareTo(BusName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
