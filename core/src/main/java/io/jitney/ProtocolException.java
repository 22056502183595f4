package io.jitney;

/**
 * Bytes received from a peer (or read from a file) violate the D-Bus wire format or its limits.
 *
 * <p>Carries the offset, counted from the start of the message (or of the stream, for framing
 * errors), at which the problem was found, or {@code -1} where no offset applies.
 */
public class ProtocolException extends DBusException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    public ProtocolException(String message) {
        this(message, -1);
    }

    public ProtocolException(String message, long offset) {
        super(offset >= 0 ? message + " (at offset " + offset + ")" : message);
        this.offset = offset;
    }

    public ProtocolException(String message, long offset, Throwable cause) {
        super(offset >= 0 ? message + " (at offset " + offset + ")" : message, cause);
        this.offset = offset;
    }

    /** Offset at which the problem was found, or {@code -1}. */
    public long offset() {
        return offset;
    }
}
