package io.jitney.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What both ends of a SASL exchange keep besides their state machine: the bytes waiting to be
 * sent, the transcript in the specification's {@code "C: …"} / {@code "S: …"} notation, and the
 * bytes that arrived after the last line. Not thread-safe; one per {@link SaslClient} or
 * {@link SaslServer}.
 */
final class SaslExchange {
    private final String ours;
    private final String theirs;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<String> transcript = new ArrayList<>();
    private byte[] unused = new byte[0];

    /**
     * @param ours   the transcript prefix of the lines this end sends ({@code "C"} or {@code "S"})
     * @param theirs the prefix of the lines it receives
     */
    SaslExchange(String ours, String theirs) {
        this.ours = ours + ": ";
        this.theirs = theirs + ": ";
    }

    boolean hasOutput() {
        return output.size() > 0;
    }

    /** The bytes to send now; each call returns them only once. */
    byte[] takeOutput() {
        var bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    /** A raw byte to send, outside the line protocol (the client's initial NUL). */
    void sendByte(int b) {
        output.write(b);
    }

    /** Queues one line (without its CR LF) and records it. */
    void send(String line) {
        transcript.add(ours + line);
        output.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
        output.write('\r');
        output.write('\n');
    }

    /** Records a line received from the peer. */
    void received(String line) {
        transcript.add(theirs + line);
    }

    /** Keeps {@code data[from, to)}: bytes after the last line, which belong to the message stream. */
    void keepUnused(byte[] data, int from, int to) {
        unused = Arrays.copyOfRange(data, from, to);
    }

    /** The bytes kept by {@link #keepUnused}; each call returns them only once. */
    byte[] takeUnused() {
        var bytes = unused;
        unused = new byte[0];
        return bytes;
    }

    List<String> transcript() {
        return List.copyOf(transcript);
    }
}
