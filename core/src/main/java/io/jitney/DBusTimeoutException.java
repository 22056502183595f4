package io.jitney;

import java.time.Duration;

/** No reply (or no message) arrived within the time allowed. */
public class DBusTimeoutException extends DBusException {
    private static final long serialVersionUID = 1L;
    private final transient Duration timeout;

    public DBusTimeoutException(String message, Duration timeout) {
        super(message + " (timeout " + timeout + ")");
        this.timeout = timeout;
    }

    /** The time that was allowed. */
    public Duration timeout() {
        return timeout;
    }
}
