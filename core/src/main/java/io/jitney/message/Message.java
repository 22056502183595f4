package io.jitney.message;

import io.jitney.DBusErrorException;
import io.jitney.internal.wire.WireWriter;
import io.jitney.message.ValidatedNames.Kind;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import io.jitney.wire.Values;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A D-Bus message: a header (type, flags, serial, header fields) and a body (a list of values
 * described by the body signature). Immutable and thread-safe (the body values are immutable
 * when read from the wire; a body given to the builder is copied shallowly).
 *
 * <p>Build one with {@link Messages} ({@code newMethodCall}, {@code newMethodReturn},
 * {@code newError}, {@code newSignal}) or {@link #builder(MessageType)}; both enforce the
 * header fields the spec requires for each type and validate every name. A message built here
 * has serial 0 until it is sent: {@link #serialize(int)} takes the serial to stamp, and
 * connections assign serials themselves. Messages read from the wire carry their serial.
 *
 * <p>Header field accessors return {@code null} for a field the message does not have.
 * See the spec, "Message Protocol".
 */
public final class Message {
    /** Reserved: the bus disconnects a peer that sends a message with this path. */
    public static final String LOCAL_PATH = "/org/freedesktop/DBus/Local";
    /** Reserved: the bus disconnects a peer that sends a message with this interface. */
    public static final String LOCAL_INTERFACE = "org.freedesktop.DBus.Local";

    private final MessageType type;
    private final int flags;
    private final int serial;
    private final ByteOrder byteOrder;
    private final ObjectPath path;
    private final String interfaceName;
    private final String member;
    private final String errorName;
    private final int replySerial;
    private final String destination;
    private final String sender;
    private final Signature signature;
    private final UnixFd[] fds;
    private final List<Object> body;

    private static final UnixFd[] NO_FDS = new UnixFd[0];

    Message(MessageType type, int flags, int serial, ByteOrder byteOrder, ObjectPath path, String interfaceName,
            String member, String errorName, int replySerial, String destination, String sender,
            Signature signature, UnixFd[] fds, List<Object> body) {
        this.type = type;
        this.flags = flags;
        this.serial = serial;
        this.byteOrder = byteOrder;
        this.path = path;
        this.interfaceName = interfaceName;
        this.member = member;
        this.errorName = errorName;
        this.replySerial = replySerial;
        this.destination = destination;
        this.sender = sender;
        this.signature = signature;
        this.fds = fds;
        this.body = body;
    }

    /** A builder for a message of this type; see {@link Builder#build()} for what it checks. */
    public static Builder builder(MessageType type) {
        return new Builder(type);
    }

    /** A builder pre-filled with this message's header fields and body (serial not copied). */
    public Builder toBuilder() {
        var b = new Builder(type);
        b.flags = flags;
        b.byteOrder = byteOrder;
        b.path = path;
        b.interfaceName = interfaceName;
        b.member = member;
        b.errorName = errorName;
        b.replySerial = replySerial;
        b.destination = destination;
        b.sender = sender;
        b.signature = signature;
        b.body = body;
        return b;
    }

    public MessageType type() {
        return type;
    }

    /** The raw flag bits, unknown bits included. */
    public int flags() {
        return flags;
    }

    public boolean hasFlag(MessageFlag flag) {
        return flag.isSet(flags);
    }

    /** The serial (unsigned 32-bit pattern); 0 for a message built here and not yet sent. */
    public int serial() {
        return serial;
    }

    /** Byte order the message was read in, or will be written in by default. */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** {@code PATH}, or null. */
    public ObjectPath path() {
        return path;
    }

    /** {@code INTERFACE}, or null. */
    public String interfaceName() {
        return interfaceName;
    }

    /** {@code MEMBER}, or null. */
    public String member() {
        return member;
    }

    /** {@code ERROR_NAME}, or null. */
    public String errorName() {
        return errorName;
    }

    /** {@code REPLY_SERIAL} (unsigned 32-bit pattern), or 0 if absent. */
    public int replySerial() {
        return replySerial;
    }

    /** {@code DESTINATION}, or null. */
    public String destination() {
        return destination;
    }

    /** {@code SENDER}, or null. */
    public String sender() {
        return sender;
    }

    /** The body signature ({@link Signature#EMPTY} when the header has none). */
    public Signature signature() {
        return signature;
    }

    /**
     * {@code UNIX_FDS} as read from the header: how many descriptors came with this message; 0
     * for a message built here (how many distinct descriptors its body refers to is known only
     * when it is serialized).
     */
    public int unixFdCount() {
        return fds.length;
    }

    /** The body values, immutable. */
    public List<Object> body() {
        return body;
    }

    /**
     * For a reply: the body of a method return, or, for an error, a {@link DBusErrorException}
     * carrying the error name, its text and this message.
     *
     * @throws DBusErrorException if this is an error message
     */
    public List<Object> unwrap() {
        if (type == MessageType.ERROR) {
            throw DBusErrorException.of(this);
        }
        return body;
    }

    /**
     * The descriptors this message holds. For a received message: every descriptor that came
     * with it, in index order — including any its body does not refer to (the message owns
     * those too, and {@link #closeUnixFds()} closes them). For a message built here: the
     * distinct {@link UnixFd} values in its body, in the order they occur.
     */
    public List<UnixFd> unixFds() {
        if (fds.length > 0) {
            return List.of(fds);
        }
        var out = new ArrayList<UnixFd>();
        collectFds(body, out);
        return out;
    }

    /**
     * Closes every descriptor in {@link #unixFds()}: what to do with a received message whose
     * descriptors you do not want. Safe to call more than once. A descriptor already converted
     * (e.g. with {@link UnixFd#toInputStream()}) belongs to what it was converted to and is not
     * affected.
     */
    public void closeUnixFds() {
        for (UnixFd fd : unixFds()) {
            fd.close();
        }
    }

    /**
     * A copy of this received message that owns duplicates ({@code dup(2)}) of its descriptors,
     * so that two owners — say two filters that both matched — can each close theirs. The body
     * is the same except that each {@link UnixFd} is replaced by its duplicate. A message
     * without descriptors is returned as it is (it is immutable, so sharing it is safe).
     *
     * @throws IllegalStateException if one of the descriptors was already closed or converted
     * @throws java.io.UncheckedIOException if the process is out of descriptors (none of the
     *     duplicates made so far is left open)
     */
    public Message withDuplicatedFds() {
        if (fds.length == 0) {
            return this;
        }
        var copies = new IdentityHashMap<UnixFd, UnixFd>();
        UnixFd[] dup = new UnixFd[fds.length];
        try {
            for (int i = 0; i < fds.length; i++) {
                dup[i] = fds[i].dup();
                copies.put(fds[i], dup[i]);
            }
        } catch (java.io.IOException e) {
            for (UnixFd d : dup) {
                if (d != null) {
                    d.close();
                }
            }
            throw new java.io.UncheckedIOException("cannot duplicate the descriptors of " + this, e);
        }
        @SuppressWarnings("unchecked")
        List<Object> newBody = (List<Object>) replaceFds(body, copies);
        return new Message(type, flags, serial, byteOrder, path, interfaceName, member, errorName, replySerial,
                destination, sender, signature, dup, newBody);
    }

    /** {@code v} with every UnixFd replaced by its copy; containers without fds are kept as they are. */
    private static Object replaceFds(Object v, Map<UnixFd, UnixFd> copies) {
        switch (v) {
            case UnixFd fd -> {
                UnixFd c = copies.get(fd);
                return c != null ? c : fd;
            }
            case List<?> l -> {
                List<Object> out = null;
                for (int i = 0; i < l.size(); i++) {
                    Object x = l.get(i);
                    Object y = replaceFds(x, copies);
                    if (y != x && out == null) {
                        out = new ArrayList<>(l);
                    }
                    if (out != null) {
                        out.set(i, y);
                    }
                }
                return out == null ? l : Collections.unmodifiableList(out);
            }
            case Map<?, ?> m -> {
                boolean changed = false;
                var out = new LinkedHashMap<Object, Object>();
                for (var e : m.entrySet()) {
                    Object k = replaceFds(e.getKey(), copies);
                    Object x = replaceFds(e.getValue(), copies);
                    changed |= k != e.getKey() || x != e.getValue();
                    out.put(k, x);
                }
                return changed ? Collections.unmodifiableMap(out) : m;
            }
            case Struct s -> {
                Object f = replaceFds(s.fields(), copies);
                return f == s.fields() ? s : new Struct(castList(f));
            }
            case Variant var -> {
                Object x = replaceFds(var.value(), copies);
                return x == var.value() ? var : new Variant(var.signature(), x);
            }
            default -> {
                return v;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }

    private static void collectFds(Object v, List<UnixFd> out) {
        switch (v) {
            case UnixFd fd -> {
                if (!out.contains(fd)) {
                    out.add(fd);
                }
            }
            case List<?> l -> l.forEach(x -> collectFds(x, out));
            case Map<?, ?> m -> m.forEach((k, x) -> {
                collectFds(k, out);
                collectFds(x, out);
            });
            case Struct s -> s.fields().forEach(x -> collectFds(x, out));
            case Variant var -> collectFds(var.value(), out);
            default -> {}
        }
    }

    /** Serializes in this message's byte order, stamping {@code serial} (must not be 0). */
    public byte[] serialize(int serial) {
        return serialize(serial, byteOrder);
    }

    /**
     * Serializes in the given byte order, stamping {@code serial} (must not be 0).
     *
     * @throws IllegalArgumentException if a body value does not fit the signature (the message
     *     names the argument and what was wrong), or the serial is 0
     */
    public byte[] serialize(int serial, ByteOrder order) {
        var w = new WireWriter(256, order);
        MessageCodec.write(this, serial, w, order);
        return w.toByteArray();
    }

    /** True if this is a method return or error replying to {@code callSerial}. */
    public boolean isReplyTo(int callSerial) {
        return replySerial == callSerial && (type == MessageType.METHOD_RETURN || type == MessageType.ERROR);
    }

    @Override
    public String toString() {
        var sb = new StringBuilder(type.name()).append('[');
        if (serial != 0) {
            sb.append("serial=").append(Integer.toUnsignedString(serial)).append(' ');
        }
        if (replySerial != 0) {
            sb.append("reply_serial=").append(Integer.toUnsignedString(replySerial)).append(' ');
        }
        if (sender != null) {
            field(sb, "sender", sender);
        }
        if (destination != null) {
            field(sb, "destination", destination);
        }
        if (path != null) {
            field(sb, "path", path.value());
        }
        if (interfaceName != null) {
            field(sb, "interface", interfaceName);
        }
        if (member != null) {
            field(sb, "member", member);
        }
        if (errorName != null) {
            field(sb, "error_name", errorName);
        }
        if (flags != 0) {
            sb.append("flags=0x").append(Integer.toHexString(flags)).append(' ');
        }
        sb.append("signature='").append(signature).append("' body=").append(Values.toDisplayString(body));
        return sb.append(']').toString();
    }

    private static void field(StringBuilder sb, String key, String value) {
        sb.append(key).append('=').append(value).append(' ');
    }

    /**
     * Builds a {@link Message}. Not thread-safe. {@link #build()} checks that the fields the spec
     * requires for the type are present, validates names, and checks that the body has one value
     * per type in the signature (the values themselves are checked against their types when the
     * message is serialized).
     */
    public static final class Builder {
        private final MessageType type;
        private int flags;
        private ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
        private ObjectPath path;
        private String interfaceName;
        private String member;
        private String errorName;
        private int replySerial;
        private String destination;
        private String sender;
        private Signature signature = Signature.EMPTY;
        private List<Object> body = List.of();

        private Builder(MessageType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder path(ObjectPath path) {
            this.path = path;
            return this;
        }

        public Builder path(String path) {
            this.path = path == null ? null : new ObjectPath(path);
            return this;
        }

        public Builder interfaceName(String interfaceName) {
            this.interfaceName = interfaceName == null ? null : ValidatedNames.check(interfaceName, Kind.INTERFACE);
            return this;
        }

        public Builder member(String member) {
            this.member = member == null ? null : ValidatedNames.check(member, Kind.MEMBER);
            return this;
        }

        public Builder errorName(String errorName) {
            this.errorName = errorName == null ? null : ValidatedNames.check(errorName, Kind.ERROR);
            return this;
        }

        /** The serial this replies to (unsigned 32-bit pattern; 0 means none). */
        public Builder replySerial(int replySerial) {
            this.replySerial = replySerial;
            return this;
        }

        public Builder destination(String destination) {
            this.destination = destination == null ? null : ValidatedNames.check(destination, Kind.BUS);
            return this;
        }

        /** Normally set by the bus; settable for peer-to-peer use and tests. */
        public Builder sender(String sender) {
            this.sender = sender == null ? null : ValidatedNames.check(sender, Kind.BUS);
            return this;
        }

        /** Replaces the flag bits. */
        public Builder flags(int flags) {
            if ((flags & ~0xff) != 0) {
                throw new IllegalArgumentException("flags must fit in one byte: 0x" + Integer.toHexString(flags));
            }
            this.flags = flags;
            return this;
        }

        public Builder flag(MessageFlag flag, boolean on) {
            this.flags = on ? flags | flag.bit() : flags & ~flag.bit();
            return this;
        }

        public Builder byteOrder(ByteOrder order) {
            this.byteOrder = Objects.requireNonNull(order, "order");
            return this;
        }

        /** The body: a signature and one value per single complete type in it. */
        public Builder body(Signature signature, List<?> values) {
            this.signature = Objects.requireNonNull(signature, "signature");
            this.body = Collections.unmodifiableList(new ArrayList<>(values));
            return this;
        }

        /** The body from a signature text and values. */
        public Builder body(String signature, Object... values) {
            return body(Signature.of(signature), Arrays.asList(values));
        }

        /**
         * @throws IllegalArgumentException naming what is missing or wrong
         */
        public Message build() {
            switch (type) {
                case METHOD_CALL -> {
                    require(path != null, "PATH");
                    require(member != null, "MEMBER");
                }
                case SIGNAL -> {
                    require(path != null, "PATH");
                    require(interfaceName != null, "INTERFACE");
                    require(member != null, "MEMBER");
                }
                case ERROR -> {
                    require(errorName != null, "ERROR_NAME");
                    require(replySerial != 0, "REPLY_SERIAL");
                }
                case METHOD_RETURN -> require(replySerial != 0, "REPLY_SERIAL");
            }
            if (path != null && path.value().equals(LOCAL_PATH)) {
                throw new IllegalArgumentException("the path " + LOCAL_PATH + " is reserved; the bus disconnects peers that send it");
            }
            if (LOCAL_INTERFACE.equals(interfaceName)) {
                throw new IllegalArgumentException("the interface " + LOCAL_INTERFACE + " is reserved; the bus disconnects peers that send it");
            }
            if (signature.types().size() != body.size()) {
                throw new IllegalArgumentException("signature '" + signature + "' has " + signature.types().size()
                        + " types but the body has " + body.size() + " values");
            }
            for (int i = 0; i < body.size(); i++) {
                if (body.get(i) == null) {
                    throw new IllegalArgumentException("argument " + i + " is null; D-Bus has no null value");
                }
            }
            return new Message(type, flags, 0, byteOrder, path, interfaceName, member, errorName, replySerial,
                    destination, sender, signature, NO_FDS, body);
        }

        private void require(boolean present, String field) {
            if (!present) {
                throw new IllegalArgumentException("a " + type + " message requires the " + field + " header field");
            }
        }
    }
}
