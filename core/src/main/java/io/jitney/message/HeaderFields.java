package io.jitney.message;

import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;

/** The values of a message's header fields, as read from the wire and validated. */
record HeaderFields(ObjectPath path, String interfaceName, String member, String errorName, int replySerial,
        String destination, String sender, Signature signature, long unixFds) {}
