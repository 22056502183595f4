package io.jitney.conformance;

import io.jitney.ProtocolException;
import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds a byte stream to a {@link MessageParser} in chunks of a given size and records what
 * came out, so that feeding the same bytes whole, in 16-byte chunks and one byte at a time can
 * be compared. A throwable other than {@link ProtocolException} is not caught: it propagates
 * to the test, which fails.
 */
final class Feeding {
    private Feeding() {}

    /** Chunk size meaning "the whole stream in one call". */
    static final int WHOLE = Integer.MAX_VALUE;

    /** Chunk sizes every stream is fed in: whole, 16 bytes, 1 byte. */
    static final int[] CHUNK_SIZES = {WHOLE, 16, 1};

    /**
     * The comparable part of a feeding: each message's description or each protocol error's
     * text in order, the bytes left buffered ({@code -1} once broken), the messages skipped, whether framing broke.
     */
    record Outcome(List<String> events, int buffered, long skipped, boolean broken) {}

    /** One feeding: its comparable outcome plus the messages and errors for inspection. */
    record Result(Outcome outcome, List<Message> messages, List<ProtocolException> errors) {}

    static String describe(int chunkSize) {
        return chunkSize == WHOLE ? "whole" : chunkSize + "-byte chunks";
    }

    static Result feed(byte[] data, int chunkSize) {
        var messages = new ArrayList<Message>();
        var events = new ArrayList<String>();
        var errors = new ArrayList<ProtocolException>();
        try (var parser = new MessageParser()) {
            int off = 0;
            outer:
            while (off < data.length) {
                int n = Math.min(chunkSize, data.length - off);
                try {
                    parser.feed(data, off, n);
                } catch (ProtocolException e) {
                    errors.add(e);
                    events.add("error: " + e.getMessage());
                    break;
                }
                off += n;
                while (true) {
                    Message m;
                    try {
                        m = parser.next();
                    } catch (ProtocolException e) {
                        errors.add(e);
                        events.add("error: " + e.getMessage());
                        if (parser.isBroken()) {
                            break outer;
                        }
                        continue;
                    }
                    if (m == null) {
                        break;
                    }
                    messages.add(m);
                    events.add("message: " + m + " order=" + m.byteOrder() + " flags=0x" + Integer.toHexString(m.flags()));
                }
            }
            // After a framing error the parser keeps whatever it was fed, which depends on the
            // chunking; only a healthy parser's leftover bytes are part of the outcome.
            int buffered = parser.isBroken() ? -1 : parser.buffered();
            var outcome = new Outcome(List.copyOf(events), buffered, parser.skippedMessages(), parser.isBroken());
            return new Result(outcome, List.copyOf(messages), List.copyOf(errors));
        }
    }
}
