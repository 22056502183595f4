package io.jitney.internal.wire;

/**
 * A Java value does not fit the D-Bus type it is written as. The message grows a path prefix
 * (e.g. {@code argument 2[3]{"key"}}) as the exception travels out of nested containers, so the
 * caller learns exactly which value was wrong.
 */
public final class ValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final String problem;

    public ValueException(String problem) {
        this("", problem, null);
    }

    /**
     * A problem that is really misuse of a value's state (a closed descriptor): the caller turns
     * it into an {@link IllegalStateException}, with the path.
     */
    public ValueException(String problem, IllegalStateException cause) {
        this("", problem, cause);
    }

    private ValueException(String path, String problem, IllegalStateException cause) {
        super(path.isEmpty() ? problem : path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** The same problem, one container further out ({@code segment} is e.g. {@code "[3]"}). */
    public ValueException within(String segment) {
        return new ValueException(segment + path, problem, stateProblem());
    }

    /** The state problem behind this one, or {@code null} for a plain bad value. */
    public IllegalStateException stateProblem() {
        return getCause() instanceof IllegalStateException e ? e : null;
    }
}
