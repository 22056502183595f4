package io.jitney.bus;

import io.jitney.message.Message;

/**
 * The reply codes of {@code org.freedesktop.DBus.ReleaseName}
 * (spec, "Message Bus Interface", "Method: org.freedesktop.DBus.ReleaseName").
 */
public enum ReleaseNameReply {
    /** {@code DBUS_RELEASE_NAME_REPLY_RELEASED}: the caller no longer owns or waits for the name. */
    RELEASED(1),
    /** {@code DBUS_RELEASE_NAME_REPLY_NON_EXISTENT}: nobody owns the name. */
    NON_EXISTENT(2),
    /** {@code DBUS_RELEASE_NAME_REPLY_NOT_OWNER}: the caller neither owned nor waited for the name. */
    NOT_OWNER(3);

    private final int code;

    ReleaseNameReply(int code) {
        this.code = code;
    }

    /** The code on the wire. */
    public int code() {
        return code;
    }

    /**
     * The constant for a code.
     *
     * @throws IllegalArgumentException for a code the spec does not define
     */
    public static ReleaseNameReply fromCode(long code) {
        for (ReleaseNameReply r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a ReleaseName reply code: " + code);
    }

    /**
     * Reads the reply to the call.
     *
     * @throws io.jitney.DBusErrorException if the reply is an error
     * @throws UnexpectedReplyException if its body is not one {@code u} with a defined code
     */
    public static ReleaseNameReply fromReply(Message reply) {
        long code = Replies.uint32(reply);
        for (ReleaseNameReply r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new UnexpectedReplyException(
                "ReleaseName reply code " + code + " is not defined by the spec", "u", reply);
    }
}
