package io.jitney.message;

/**
 * The header flags of the spec ("Message Format"). Unknown flag bits are kept as received and
 * otherwise ignored, as the spec requires.
 */
public enum MessageFlag {
    /** The caller does not want a reply; the callee must not send one. */
    NO_REPLY_EXPECTED(0x1),
    /** The bus must not start a service to deliver this message. */
    NO_AUTO_START(0x2),
    /** The caller is prepared to wait for interactive authorization (e.g. a polkit prompt). */
    ALLOW_INTERACTIVE_AUTHORIZATION(0x4);

    private final int bit;

    MessageFlag(int bit) {
        this.bit = bit;
    }

    /** The flag's bit in the header's third byte. */
    public int bit() {
        return bit;
    }

    /** True if {@code flags} has this flag set. */
    public boolean isSet(int flags) {
        return (flags & bit) != 0;
    }
}
