package io.jitney.bindgen.introspection;

import io.jitney.DBusException;

/**
 * Introspection data is not usable: malformed XML, a missing required attribute, an invalid
 * name, or a {@code type} that is not a valid signature. The message says where: the source, the
 * line, and the interface, member and argument, and for a bad type the signature and the position
 * of the offending character.
 */
public class IntrospectionException extends DBusException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;

    public IntrospectionException(String source, int line, String problem) {
        this(source, line, problem, null);
    }

    public IntrospectionException(String source, int line, String problem, Throwable cause) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.source = source;
        this.line = line;
    }

    /** Where the data came from: a file name, or a bus name and object path. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, or {@code -1} where unknown. */
    public int line() {
        return line;
    }
}
