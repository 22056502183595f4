package io.jitney.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Assembles {@code \r\n}-terminated lines from bytes that arrive in chunks of any size, enforcing
 * what the specification says of every line: ASCII only, no NUL, and {@link
 * AuthLimits#MAX_LINE_LENGTH}.
 */
final class LineReader {
    private final String peer;
    private byte[] buffer = new byte[128];
    private int length;

    /** {@code peer} names the sender in error messages ("server", "client"). */
    LineReader(String peer) {
        this.peer = peer;
    }

    /**
     * Takes one byte; returns the line it completes, without its {@code \r\n}, or {@code null}.
     *
     * @throws AuthenticationException on a NUL or non-ASCII byte or an over-long line
     */
    String push(byte b) {
        if (b == 0) {
            throw new AuthenticationException(
                    "The " + peer + " sent a NUL byte inside the authentication protocol, which is ASCII-only");
        }
        if (b < 0) {
            throw new AuthenticationException(String.format(
                    "The %s sent the non-ASCII byte 0x%02x in the authentication protocol", peer, b & 0xff));
        }
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, AuthLimits.MAX_LINE_LENGTH));
        }
        buffer[length++] = b;
        if (b == '\n' && length >= 2 && buffer[length - 2] == '\r') {
            var line = new String(buffer, 0, length - 2, StandardCharsets.US_ASCII);
            length = 0;
            return line;
        }
        if (length >= AuthLimits.MAX_LINE_LENGTH) {
            throw new AuthenticationException("The " + peer + " sent an authentication line longer than "
                    + AuthLimits.MAX_LINE_LENGTH + " bytes (AuthLimits.MAX_LINE_LENGTH)");
        }
        return null;
    }

    /** Whether a partial line is buffered. */
    boolean hasPartialLine() {
        return length > 0;
    }
}
