package io.jitney.message;

/** The header fields of the spec ("Header Fields"): code and the type its value must have. */
public enum HeaderField {
    PATH(1, "o"),
    INTERFACE(2, "s"),
    MEMBER(3, "s"),
    ERROR_NAME(4, "s"),
    REPLY_SERIAL(5, "u"),
    DESTINATION(6, "s"),
    SENDER(7, "s"),
    SIGNATURE(8, "g"),
    UNIX_FDS(9, "u");

    private static final HeaderField[] BY_CODE = new HeaderField[10];

    static {
        for (HeaderField f : values()) {
            BY_CODE[f.code] = f;
        }
    }

    private final int code;
    private final String signature;

    HeaderField(int code, String signature) {
        this.code = code;
        this.signature = signature;
    }

    /** The field code on the wire. */
    public int code() {
        return code;
    }

    /** The signature the field's variant must carry. */
    public String signature() {
        return signature;
    }

    /** The field with this code, or {@code null} for a code this version of the spec does not define. */
    public static HeaderField forCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
