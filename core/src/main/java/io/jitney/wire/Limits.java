package io.jitney.wire;

/**
 * Every limit Jitney enforces, in one place, each with where it comes from.
 *
 * <p>Lengths read from the wire are checked against these <em>before</em> anything is
 * allocated for them, so a hostile length prefix costs nothing.
 */
public final class Limits {
    private Limits() {}

    /** Spec, "Message Format": a whole message is at most 2^27 bytes (128 MiB). */
    public static final int MAX_MESSAGE_LENGTH = 1 << 27;

    /** Spec, "Marshalling containers": an array's data is at most 2^26 bytes (64 MiB). */
    public static final int MAX_ARRAY_LENGTH = 1 << 26;

    /** Spec, "Valid Signatures": a signature is at most 255 bytes (its length is one byte). */
    public static final int MAX_SIGNATURE_LENGTH = 255;

    /** Spec, "Valid Names": bus, interface, member and error names are at most 255 bytes. */
    public static final int MAX_NAME_LENGTH = 255;

    /** Spec, "Valid Signatures": at most 32 nested array type codes. */
    public static final int MAX_ARRAY_DEPTH = 32;

    /** Spec, "Valid Signatures": at most 32 nested structs (dict entries count as structs). */
    public static final int MAX_STRUCT_DEPTH = 32;

    /** Spec, "Container types": arrays, structs and variants together nest at most 64 deep. */
    public static final int MAX_TOTAL_DEPTH = 64;

    /**
     * Unix fds per message. The spec leaves it to the transport; dbus-daemon's default
     * {@code max_message_unix_fds} is 16 per message on the system bus and 1024 on the session
     * bus, and Linux caps SCM_RIGHTS at 253 fds per {@code sendmsg} (SCM_MAX_FD), which is the
     * tighter bound for anything that must cross a socket in one message.
     */
    public static final int MAX_UNIX_FDS = 253;

    /** Spec, "Message Format": the fixed part of the header ({@code yyyyuu} + array length). */
    public static final int FIXED_HEADER_LENGTH = 16;

    /** Spec, "Message Format": the major protocol version this implementation speaks. */
    public static final int PROTOCOL_VERSION = 1;
}
