package io.jitney;

import io.jitney.errors.StandardErrors;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import java.util.Objects;

/**
 * The remote side answered a method call with an error reply. Carries the D-Bus error name
 * (e.g. {@code org.freedesktop.DBus.Error.ServiceUnknown}), the error text (the reply's first
 * argument when it is a string, as the spec suggests) and the error message itself.
 */
public class DBusErrorException extends DBusException {
    private static final long serialVersionUID = 1L;
    private final String errorName;
    private final String errorText;
    private final transient Message reply;

    public DBusErrorException(String errorName, String errorText, Message reply) {
        super(errorText == null || errorText.isEmpty() ? errorName : errorName + ": " + errorText);
        this.errorName = Objects.requireNonNull(errorName, "errorName");
        this.errorText = errorText;
        this.reply = reply;
    }

    /**
     * The exception for an {@code ERROR} message: for a well-known name
     * ({@code org.freedesktop.DBus.Error.*}) an instance of its own subclass in
     * {@link io.jitney.errors} (e.g. {@link io.jitney.errors.ServiceUnknownException}), for any
     * other name a plain {@code DBusErrorException}.
     */
    public static DBusErrorException of(Message error) {
        if (error.type() != MessageType.ERROR) {
            throw new IllegalArgumentException("not an error message: " + error);
        }
        String text = !error.body().isEmpty() && error.body().getFirst() instanceof String s ? s : null;
        DBusErrorException standard = StandardErrors.create(error.errorName(), text, error);
        return standard != null ? standard : new DBusErrorException(error.errorName(), text, error);
    }

    /** The D-Bus error name. */
    public String errorName() {
        return errorName;
    }

    /** The error text, or {@code null} if the reply carried none. */
    public String errorText() {
        return errorText;
    }

    /** The error reply, or {@code null} if this exception was not made from a received message. */
    public Message reply() {
        return reply;
    }
}
