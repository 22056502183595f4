package io.jitney.auth;

import java.util.Objects;

/**
 * The ANONYMOUS mechanism (RFC 4505): no authentication at all. Message buses refuse it; a
 * peer-to-peer server may accept it.
 *
 * <p>The optional trace string (an e-mail address or an opaque token, at most 255 characters,
 * per RFC 4505) is sent hex-encoded as the initial response. With an empty trace the client sends
 * a bare {@code AUTH ANONYMOUS} and answers a {@code DATA} challenge, if the server sends one,
 * with an empty {@code DATA}.
 *
 * <p>An immutable value, safe to share between threads. See the specification's
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol">ANONYMOUS</a>
 * section.
 *
 * @param trace trace information for the server's logs; may be empty
 */
public record Anonymous(String trace) implements AuthMechanism {
    /** The mechanism name, {@value}. */
    public static final String NAME = "ANONYMOUS";

    /** RFC 4505, section 2: the trace is at most 255 characters. */
    static final int MAX_TRACE_LENGTH = 255;

    public Anonymous {
        Objects.requireNonNull(trace, "trace");
        if (trace.codePointCount(0, trace.length()) > MAX_TRACE_LENGTH) {
            throw new IllegalArgumentException("ANONYMOUS trace longer than 255 characters (RFC 4505)");
        }
    }

    /** ANONYMOUS without a trace. */
    public Anonymous() {
        this("");
    }

    @Override
    public String name() {
        return NAME;
    }
}
