package io.jitney;

/**
 * Root of every exception Jitney throws for a failure that is not the caller's misuse.
 *
 * <p>All Jitney exceptions are unchecked. Misuse of the API (a bad argument, a call on a closed
 * object) is reported with {@link IllegalArgumentException} or {@link IllegalStateException} at
 * once; everything that comes from outside the program — malformed bytes from a peer, a refused
 * authentication, a broken socket, an error reply, a timeout — is a subclass of this class and
 * carries the data that caused it.
 */
public class DBusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DBusException(String message) {
        super(message);
    }

    public DBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
