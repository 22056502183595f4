package io.jitney.message;

/** The four message types of the spec ("Message Types"), with their wire codes. */
public enum MessageType {
    METHOD_CALL(1),
    METHOD_RETURN(2),
    ERROR(3),
    SIGNAL(4);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The value of the header's second byte. */
    public int code() {
        return code;
    }

    /** The type with this code, or {@code null} for a code this version of the spec does not define. */
    public static MessageType forCode(int code) {
        return switch (code) {
            case 1 -> METHOD_CALL;
            case 2 -> METHOD_RETURN;
            case 3 -> ERROR;
            case 4 -> SIGNAL;
            default -> null;
        };
    }

    /** The name match rules use: {@code method_call}, {@code method_return}, {@code error}, {@code signal}. */
    public String matchRuleName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
