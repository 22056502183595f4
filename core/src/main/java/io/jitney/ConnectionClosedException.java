package io.jitney;

/**
 * The connection was closed — by this side ({@code close()}) or by the peer — while an
 * operation was pending or was attempted. The message says which, and why where known.
 */
public class ConnectionClosedException extends TransportException {
    private static final long serialVersionUID = 1L;

    public ConnectionClosedException(String message) {
        super(message);
    }

    public ConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
