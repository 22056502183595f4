package io.jitney;

/**
 * The connection to the bus or peer could not be made, or failed: connect refused, socket
 * closed by the peer, an I/O error while reading or writing.
 */
public class TransportException extends DBusException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
