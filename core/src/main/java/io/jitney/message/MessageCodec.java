package io.jitney.message;

import io.jitney.ProtocolException;
import io.jitney.internal.wire.ValueException;
import io.jitney.internal.wire.WireReader;
import io.jitney.internal.wire.WireWriter;
import io.jitney.message.ValidatedNames.Kind;
import io.jitney.wire.Limits;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.UnixFd;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Message ⇄ bytes. The header layout is the spec's "Message Format": {@code yyyyuu} then the
 * header fields {@code a(yv)}, padded to 8, then the body. Fields are written in ascending code
 * order, so identical messages give identical bytes. The spec leaves the order open: Jeepney
 * writes the same order, libdbus the order the fields were set in (dbus-daemon appends SENDER),
 * GDBus an order of its own (see the conformance tests' CapturedVectorsTest).
 */
final class MessageCodec {
    private MessageCodec() {}

    /** Size of the {@code UNIX_FDS} field when it starts 8-aligned: y + "u" signature + pad + u32. */
    private static final int UNIX_FDS_FIELD_SIZE = 8;

    // ------------------------------------------------------------------ writing

    /**
     * Writes the whole message into {@code w} (which is reset). Descriptors referred to by
     * {@code h} values are left in {@code w.fds()}.
     */
    static void write(Message m, int serial, WireWriter w) {
        write(m, serial, w, m.byteOrder());
    }

    static void write(Message m, int serial, WireWriter w, ByteOrder order) {
        if (serial == 0) {
            throw new IllegalArgumentException("serial 0 is invalid; serials start at 1");
        }
        w.reset(order);
        w.writeByte(order == ByteOrder.BIG_ENDIAN ? 'B' : 'l');
        w.writeByte(m.type().code());
        w.writeByte(m.flags());
        w.writeByte(Limits.PROTOCOL_VERSION);
        int bodyLengthAt = w.reserveInt32();
        w.writeInt32(serial);
        int fieldsLengthAt = w.reserveInt32();
        int fieldsStart = w.position();
        // Calls and signals repeat their fields; replies never do (REPLY_SERIAL).
        boolean cacheable = m.replySerial() == 0;
        int hash = cacheable ? HeaderBytesCache.hash(m) : 0;
        byte[] cached = cacheable ? HeaderBytesCache.find(hash, m, order) : null;
        if (cached != null) {
            w.writeBytes(cached, 0, cached.length);
        } else {
            writeFields(m, w);
            int length = w.position() - fieldsStart;
            if (cacheable && length <= HeaderBytesCache.MAX_BYTES) {
                HeaderBytesCache.offer(hash, m, order, w.buffer(), fieldsStart, length);
            }
        }
        w.patchInt32(fieldsLengthAt, w.position() - fieldsStart);
        w.align(8);
        int bodyStart = w.position();
        try {
            w.writeAll(m.signature().types(), m.body());
        } catch (ValueException e) {
            String text = "cannot serialize " + describe(m) + ": " + e.getMessage();
            if (e.stateProblem() != null) {
                throw new IllegalStateException(text, e);
            }
            throw new IllegalArgumentException(text, e);
        }
        int fdCount = w.fds().size();
        if (fdCount > 0) {
            // UNIX_FDS (code 9) is the last field; it starts where the body starts now, and being
            // 8 bytes long it moves the body by 8, which keeps the body's alignment.
            int at = bodyStart;
            w.insertGap(at, UNIX_FDS_FIELD_SIZE);
            w.putByte(at, HeaderField.UNIX_FDS.code());
            w.putByte(at + 1, 1);
            w.putByte(at + 2, 'u');
            w.putByte(at + 3, 0);
            w.patchInt32(at + 4, fdCount);
            w.patchInt32(fieldsLengthAt, at + UNIX_FDS_FIELD_SIZE - fieldsStart);
            bodyStart += UNIX_FDS_FIELD_SIZE;
        }
        int bodyLength = w.position() - bodyStart;
        w.patchInt32(bodyLengthAt, bodyLength);
        if (w.position() > Limits.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("cannot serialize " + describe(m) + ": " + w.position()
                    + " bytes exceed the maximum message length of " + Limits.MAX_MESSAGE_LENGTH);
        }
    }

    /** Writes the header fields {@code a(yv)} in ascending code order (without UNIX_FDS, added later). */
    private static void writeFields(Message m, WireWriter w) {
        if (m.path() != null) {
            stringField(w, HeaderField.PATH, m.path().value());
        }
        if (m.interfaceName() != null) {
            stringField(w, HeaderField.INTERFACE, m.interfaceName());
        }
        if (m.member() != null) {
            stringField(w, HeaderField.MEMBER, m.member());
        }
        if (m.errorName() != null) {
            stringField(w, HeaderField.ERROR_NAME, m.errorName());
        }
        if (m.replySerial() != 0) {
            w.align(8);
            w.writeByte(HeaderField.REPLY_SERIAL.code());
            w.writeSignature("u");
            w.writeInt32(m.replySerial());
        }
        if (m.destination() != null) {
            stringField(w, HeaderField.DESTINATION, m.destination());
        }
        if (m.sender() != null) {
            stringField(w, HeaderField.SENDER, m.sender());
        }
        if (!m.signature().isEmpty()) {
            w.align(8);
            w.writeByte(HeaderField.SIGNATURE.code());
            w.writeSignature("g");
            w.writeSignature(m.signature().toString());
        }
    }

    private static void stringField(WireWriter w, HeaderField field, String value) {
        w.align(8);
        w.writeByte(field.code());
        w.writeSignature(field.signature());
        w.writeString(value);
    }

    static String describe(Message m) {
        String what = m.member() != null ? m.member() : m.errorName() != null ? m.errorName() : "reply";
        return m.type() + " " + what + " with signature '" + m.signature() + "'";
    }

    // ------------------------------------------------------------------ framing

    /**
     * The total length of the message whose first 16 bytes are at {@code buf[start..]}, after
     * checking the fixed header (byte order, version, lengths within the spec's limits).
     *
     * @throws ProtocolException for a framing error, after which the stream cannot be trusted
     */
    static int frameLength(byte[] buf, int start) {
        byte endian = buf[start];
        ByteOrder order;
        if (endian == 'l') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (endian == 'B') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new ProtocolException("byte order mark is 0x" + Integer.toHexString(endian & 0xff)
                    + ", must be 'l' or 'B' (is this a D-Bus stream?)", 0);
        }
        int version = buf[start + 3] & 0xff;
        if (version != Limits.PROTOCOL_VERSION) {
            throw new ProtocolException("protocol version " + version + ", this implementation speaks "
                    + Limits.PROTOCOL_VERSION, 3);
        }
        if (buf[start + 1] == 0) {
            throw new ProtocolException("message type 0 (INVALID)", 1);
        }
        long bodyLength = uint32(buf, start + 4, order);
        long fieldsLength = uint32(buf, start + 12, order);
        if (fieldsLength > Limits.MAX_ARRAY_LENGTH) {
            throw new ProtocolException("header fields length " + fieldsLength + " exceeds the maximum array length "
                    + Limits.MAX_ARRAY_LENGTH, 12);
        }
        long headerLength = (16 + fieldsLength + 7) & ~7L;
        long total = headerLength + bodyLength;
        if (total > Limits.MAX_MESSAGE_LENGTH) {
            throw new ProtocolException("message length " + total + " (header " + headerLength + " + body "
                    + bodyLength + ") exceeds the maximum of " + Limits.MAX_MESSAGE_LENGTH, 4);
        }
        return (int) total;
    }

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** An unsigned 32-bit field of the fixed header (which is always in bounds and aligned). */
    private static long uint32(byte[] buf, int at, ByteOrder order) {
        int v = order == ByteOrder.BIG_ENDIAN ? (int) INT_BE.get(buf, at) : (int) INT_LE.get(buf, at);
        return Integer.toUnsignedLong(v);
    }

    // ------------------------------------------------------------------ reading

    /** Supplies the descriptors that came with a message. */
    interface FdSource {
        /** Exactly {@code n} descriptors, or a {@link ProtocolException} if fewer were received. */
        UnixFd[] take(int n);
    }

    /**
     * Parses one complete message of {@code length} bytes (as {@link #frameLength} gave) at
     * {@code buf[start..]}. Once the header is read, {@code fdSource} is asked for the
     * descriptors its {@code UNIX_FDS} field declares.
     *
     * @return the message, or {@code null} if its type is unknown (the spec says to ignore it;
     *     it is validated all the same)
     */
    static Message read(byte[] buf, int start, int length, FdSource fdSource, HeaderFieldsCache.Recent recent) {
        ByteOrder order = buf[start] == 'B' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        MessageType type = MessageType.forCode(buf[start + 1] & 0xff);
        int flags = buf[start + 2] & 0xff;
        var r = new WireReader(buf, start, start + length, order);
        r.seek(4);
        int bodyLength = r.readInt32();
        int serial = r.readInt32();
        if (serial == 0) {
            throw new ProtocolException("serial is 0, which is invalid", 8);
        }
        int fieldsLength = r.readInt32();
        int fieldsEnd = 16 + fieldsLength;

        // Calls and signals repeat their header fields; replies never do (REPLY_SERIAL).
        boolean cacheable = (type == MessageType.METHOD_CALL || type == MessageType.SIGNAL)
                && fieldsLength > 0 && fieldsLength <= HeaderFieldsCache.MAX_BYTES;
        boolean bigEndian = order == ByteOrder.BIG_ENDIAN;
        HeaderFields h = null;
        int hash = 0;
        if (cacheable) {
            h = HeaderFieldsCache.findRecent(recent, buf, start + 16, fieldsLength, bigEndian);
            if (h == null) {
                hash = HeaderFieldsCache.hash(buf, start + 16, fieldsLength);
                h = HeaderFieldsCache.find(hash, buf, start + 16, fieldsLength, bigEndian, recent);
            }
        }
        if (h != null) {
            r.seek(fieldsEnd);
        } else {
            h = readFields(r, fieldsEnd);
            if (cacheable) {
                HeaderFieldsCache.offer(hash, buf, start + 16, fieldsLength, bigEndian, h);
            }
        }
        ObjectPath path = h.path();
        String interfaceName = h.interfaceName();
        String member = h.member();
        String errorName = h.errorName();
        int replySerial = h.replySerial();
        String destination = h.destination();
        String sender = h.sender();
        Signature signature = h.signature();
        long unixFds = h.unixFds();
        // Taken as soon as the count is known, so that a message found malformed below takes
        // its own descriptors along (the parser closes them) rather than leaving them for the next.
        UnixFd[] fds = fdSource.take((int) unixFds);
        switch (type) {
            case null -> {} // unknown type: no required fields
            case METHOD_CALL -> {
                require(path != null, type, HeaderField.PATH);
                require(member != null, type, HeaderField.MEMBER);
            }
            case SIGNAL -> {
                require(path != null, type, HeaderField.PATH);
                require(interfaceName != null, type, HeaderField.INTERFACE);
                require(member != null, type, HeaderField.MEMBER);
            }
            case ERROR -> {
                require(errorName != null, type, HeaderField.ERROR_NAME);
                require(replySerial != 0, type, HeaderField.REPLY_SERIAL);
            }
            case METHOD_RETURN -> require(replySerial != 0, type, HeaderField.REPLY_SERIAL);
        }
        r.align(8);
        int bodyStart = r.offset();
        if (Integer.toUnsignedLong(bodyLength) != length - bodyStart) {
            throw new ProtocolException("body length " + Integer.toUnsignedLong(bodyLength) + " does not match the message length", 4);
        }
        if (signature.isEmpty() && bodyLength != 0) {
            throw new ProtocolException("body has " + Integer.toUnsignedLong(bodyLength)
                    + " bytes but the message has no SIGNATURE header field", bodyStart);
        }
        // The spec ("Message Protocol"): unknown-type messages are ignored, but must be
        // well-formed like any other, so their body is validated too. Its fd indexes are not
        // resolved (libdbus accepts a discarded message's out-of-range index: see the corpus's
        // byteswap-fd-index), and the descriptors that came with it are closed, not left for
        // the next message.
        r.setFds(type == null ? null : fds);
        List<Object> body = r.readAll(signature.types());
        if (r.offset() != length) {
            throw new ProtocolException("body has " + (length - r.offset()) + " bytes left over after the values of signature '"
                    + signature + "'", r.offset());
        }
        if (type == null) {
            for (UnixFd fd : fds) {
                fd.close();
            }
            return null;
        }
        return new Message(type, flags, serial, order, path, interfaceName, member, errorName, replySerial,
                destination, sender, signature, fds, body);
    }

    /** Reads and validates the header fields {@code a(yv)} up to {@code fieldsEnd}. */
    private static HeaderFields readFields(WireReader r, int fieldsEnd) {
        ObjectPath path = null;
        String interfaceName = null;
        String member = null;
        String errorName = null;
        int replySerial = 0;
        String destination = null;
        String sender = null;
        Signature signature = Signature.EMPTY;
        long unixFds = 0;
        int seen = 0;

        while (r.offset() < fieldsEnd) {
            r.align(8);
            int fieldAt = r.offset();
            int code = r.readByte();
            Signature sig = r.readSignature();
            if (!sig.isSingleCompleteType()) {
                throw new ProtocolException("header field " + code + " has variant signature '" + sig
                        + "', not a single complete type", fieldAt + 1);
            }
            HeaderField field = HeaderField.forCode(code);
            if (code == 0) {
                throw new ProtocolException("header field code 0 (INVALID)", fieldAt);
            }
            if (field == null) {
                r.read(sig.type()); // unknown field: the spec says accept and ignore it
                continue;
            }
            if (!sig.toString().equals(field.signature())) {
                throw new ProtocolException("header field " + field + " has type '" + sig + "', must be '"
                        + field.signature() + "'", fieldAt + 1);
            }
            if ((seen & (1 << code)) != 0) {
                throw new ProtocolException("header field " + field + " appears twice", fieldAt);
            }
            seen |= 1 << code;
            r.align(sig.type().alignment());
            int valueAt = r.offset();
            switch (field) {
                case PATH -> path = r.readObjectPath();
                case INTERFACE -> interfaceName = nameField(r, field, valueAt);
                case MEMBER -> member = nameField(r, field, valueAt);
                case ERROR_NAME -> errorName = nameField(r, field, valueAt);
                case REPLY_SERIAL -> {
                    replySerial = r.readInt32();
                    if (replySerial == 0) {
                        throw new ProtocolException("REPLY_SERIAL is 0, which is invalid", valueAt);
                    }
                }
                case DESTINATION -> destination = nameField(r, field, valueAt);
                case SENDER -> sender = nameField(r, field, valueAt);
                case SIGNATURE -> signature = r.readSignature();
                case UNIX_FDS -> unixFds = Integer.toUnsignedLong(r.readInt32());
            }
        }
        if (r.offset() != fieldsEnd) {
            throw new ProtocolException("header fields end at offset " + r.offset() + " but the fields length says "
                    + fieldsEnd, 12);
        }
        if (unixFds > Limits.MAX_UNIX_FDS) {
            throw new ProtocolException("header UNIX_FDS says " + unixFds + " descriptors; at most "
                    + Limits.MAX_UNIX_FDS + " can accompany a message", 0);
        }
        return new HeaderFields(path, interfaceName, member, errorName, replySerial, destination, sender, signature,
                unixFds);
    }

    /** Reads a name-valued header field and validates it by the rules for that field. */
    private static String nameField(WireReader r, HeaderField field, int at) {
        String value = r.readSymbol();
        // Recurring names come back from the symbol cache as the same String instance: one that
        // was validated for this field's rules before need not be validated again.
        Kind kind = switch (field) {
            case INTERFACE -> Kind.INTERFACE;
            case MEMBER -> Kind.MEMBER;
            case ERROR_NAME -> Kind.ERROR;
            default -> Kind.BUS;
        };
        if (ValidatedNames.seen(value, kind)) {
            return value;
        }
        String problem = kind.problem(value);
        if (problem != null) {
            throw new ProtocolException("header field " + field + " '" + value + "' is invalid: " + problem, at);
        }
        ValidatedNames.remember(value, kind);
        return value;
    }

    private static void require(boolean present, MessageType type, HeaderField field) {
        if (!present) {
            throw new ProtocolException(type + " message lacks the required " + field + " header field");
        }
    }
}
