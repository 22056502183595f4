package io.jitney.wire;

/**
 * A signature string is not a valid D-Bus signature. Says which signature, what is wrong and at
 * which character position (0-based).
 */
public class SignatureException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String signature;
    private final int position;

    public SignatureException(String signature, int position, String problem) {
        super("invalid signature '" + printable(signature) + "' at position " + position + ": " + problem);
        this.signature = signature;
        this.position = position;
    }

    /** The rejected signature text. */
    public String signature() {
        return signature;
    }

    /** 0-based index of the offending character (the length, for a truncated signature). */
    public int position() {
        return position;
    }

    private static String printable(String s) {
        var sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
