package io.jitney.wire;

/**
 * The basic (non-container) D-Bus types: the fixed-width ones and the string-like ones.
 * See the spec, "Basic types".
 */
public enum BasicType implements Type {
    BYTE('y', 1, 1),
    BOOLEAN('b', 4, 4),
    INT16('n', 2, 2),
    UINT16('q', 2, 2),
    INT32('i', 4, 4),
    UINT32('u', 4, 4),
    INT64('x', 8, 8),
    UINT64('t', 8, 8),
    DOUBLE('d', 8, 8),
    UNIX_FD('h', 4, 4),
    STRING('s', 4, -1),
    OBJECT_PATH('o', 4, -1),
    SIGNATURE('g', 1, -1);

    private static final BasicType[] BY_CODE = new BasicType[128];

    static {
        for (BasicType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final char code;
    private final int alignment;
    private final int fixedSize;
    private final String signature;

    BasicType(char code, int alignment, int fixedSize) {
        this.code = code;
        this.alignment = alignment;
        this.fixedSize = fixedSize;
        this.signature = String.valueOf(code);
    }

    /** The one-character type code, e.g. {@code 'u'}. */
    public char code() {
        return code;
    }

    /** Size on the wire of a fixed-width type, or {@code -1} for string-like types. */
    public int fixedSize() {
        return fixedSize;
    }

    /** True for the fixed-width types ({@code ybnqiuxtdh}). */
    public boolean isFixed() {
        return fixedSize > 0;
    }

    /** True for {@code s}, {@code o} and {@code g}. */
    public boolean isStringLike() {
        return fixedSize < 0;
    }

    @Override
    public String signature() {
        return signature;
    }

    @Override
    public int alignment() {
        return alignment;
    }

    /** The basic type with this code, or {@code null} if the code is not a basic type. */
    public static BasicType forCode(int code) {
        return code >= 0 && code < 128 ? BY_CODE[code] : null;
    }

    @Override
    public String toString() {
        return signature;
    }
}
