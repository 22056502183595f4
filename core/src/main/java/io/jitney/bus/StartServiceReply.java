package io.jitney.bus;

import io.jitney.message.Message;

/**
 * The reply codes of {@code org.freedesktop.DBus.StartServiceByName}
 * (spec, "Message Bus Interface", "Method: org.freedesktop.DBus.StartServiceByName").
 */
public enum StartServiceReply {
    /** {@code DBUS_START_REPLY_SUCCESS}: the service was started. */
    SUCCESS(1),
    /** {@code DBUS_START_REPLY_ALREADY_RUNNING}: a connection already owns the name. */
    ALREADY_RUNNING(2);

    private final int code;

    StartServiceReply(int code) {
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
    public static StartServiceReply fromCode(long code) {
        for (StartServiceReply r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a StartServiceByName reply code: " + code);
    }

    /**
     * Reads the reply to the call.
     *
     * @throws io.jitney.DBusErrorException if the reply is an error
     * @throws UnexpectedReplyException if its body is not one {@code u} with a defined code
     */
    public static StartServiceReply fromReply(Message reply) {
        long code = Replies.uint32(reply);
        for (StartServiceReply r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new UnexpectedReplyException(
                "StartServiceByName reply code " + code + " is not defined by the spec", "u", reply);
    }
}
