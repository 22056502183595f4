package io.jitney.bus;

import io.jitney.message.Message;

/**
 * The reply codes of {@code org.freedesktop.DBus.RequestName}
 * (spec, "Message Bus Interface", "Method: org.freedesktop.DBus.RequestName").
 */
public enum RequestNameReply {
    /** {@code DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER}: the caller now owns the name. */
    PRIMARY_OWNER(1),
    /** {@code DBUS_REQUEST_NAME_REPLY_IN_QUEUE}: the name has an owner; the caller waits in its queue. */
    IN_QUEUE(2),
    /** {@code DBUS_REQUEST_NAME_REPLY_EXISTS}: the name has an owner and the caller asked not to queue. */
    EXISTS(3),
    /** {@code DBUS_REQUEST_NAME_REPLY_ALREADY_OWNER}: the caller already owned the name. */
    ALREADY_OWNER(4);

    private final int code;

    RequestNameReply(int code) {
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
    public static RequestNameReply fromCode(long code) {
        for (RequestNameReply r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a RequestName reply code: " + code);
    }

    /**
     * Reads the reply to the call.
     *
     * @throws io.jitney.DBusErrorException if the reply is an error
     * @throws UnexpectedReplyException if its body is not one {@code u} with a defined code
     */
    public static RequestNameReply fromReply(Message reply) {
        long code = Replies.uint32(reply);
        for (RequestNameReply r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new UnexpectedReplyException(
                "RequestName reply code " + code + " is not defined by the spec", "u", reply);
    }
}
