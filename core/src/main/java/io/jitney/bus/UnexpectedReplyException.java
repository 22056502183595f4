package io.jitney.bus;

import io.jitney.DBusException;
import io.jitney.message.Message;

/**
 * A reply did not have the shape its method promises: a body signature other than the one
 * expected, or a code outside the documented set. Carries the reply and what was expected.
 *
 * <p>An <em>error</em> reply is not this exception: it is a {@link io.jitney.DBusErrorException}.
 */
public final class UnexpectedReplyException extends DBusException {
    private static final long serialVersionUID = 1L;
    private final String expected;
    private final transient Message reply;

    public UnexpectedReplyException(String problem, String expected, Message reply) {
        super(problem);
        this.expected = expected;
        this.reply = reply;
    }

    /** What was expected, e.g. the signature {@code "u"}. */
    public String expected() {
        return expected;
    }

    /** The reply that did not fit. */
    public Message reply() {
        return reply;
    }
}
