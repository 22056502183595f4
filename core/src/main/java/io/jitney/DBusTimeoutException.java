package io.jitney;

import java.time.Duration;

/** No reply (or no message) arrived within the time allowed. */
public class DBusTimeoutException extends DBusException {
    private static final long serialVersionUID = 1L;
    private final transient Duration timeout;
    private final String description;

    /**
     * @param message what timed out, e.g. "no reply to org.example.Echo.Sleep"; the message of
     *     the exception adds the time allowed
     */
    public DBusTimeoutException(String message, Duration timeout) {
        super(message + " (timeout " + timeout + ")");
        this.timeout = timeout;
        this.description = message;
    }

    /** What timed out, as given to the constructor: the message without the time allowed. */
    public String description() {
        return description;
    }

    /** The time that was allowed. */
    public Duration timeout() {
        return timeout;
    }
}
