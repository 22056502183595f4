package io.jitney.names;

/**
 * A validated D-Bus method or signal name, e.g. {@code GetAll}.
 * See the spec, "Valid Names", "Member names".
 */
public record MemberName(String value) implements Comparable<MemberName> {
    public MemberName {
        String problem = NameRules.memberProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException("invalid method or signal name '" + value + "': " + problem);
        }
    }

    /** Same as the constructor. */
    public static MemberName of(String value) {
        return new MemberName(value);
    }

    /** True if {@code value} is valid; never throws. */
    public static boolean isValid(String value) {
        return NameRules.memberProblem(value) == null;
    }

    /**
     * Throws {@link IllegalArgumentException} naming the problem unless {@code value} is valid;
     * returns it otherwise. For APIs that keep names as plain strings.
     */
    public static String check(String value) {
        String problem = NameRules.memberProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException("invalid method or signal name '" + value + "': " + problem);
        }
        return value;
    }

    /** What is wrong with {@code value}, or {@code null} if it is valid. */
    public static String problem(String value) {
        return NameRules.memberProblem(value);
    }

    @Override
    public int compareTo(MemberName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
