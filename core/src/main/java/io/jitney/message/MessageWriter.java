package io.jitney.message;

import io.jitney.internal.wire.WireWriter;
import io.jitney.wire.UnixFd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A reusable serializer: the sans-I/O counterpart of {@link MessageParser}. It keeps one
 * growable array and one read-only view of it, so writing many messages allocates no buffer per
 * message once the array is large enough. Not thread-safe; the returned buffer is valid until
 * the next {@code write}.
 */
public final class MessageWriter {
    private final WireWriter wire = new WireWriter(4096, ByteOrder.LITTLE_ENDIAN);
    /** What {@link #write} returns, repositioned each time; made again when the array grows. */
    private ByteBuffer view;
    private byte[] viewed;

    /**
     * Serializes {@code message} in its own byte order, stamping {@code serial}.
     *
     * @return a read-only view of the bytes, valid until the next call (which returns the same
     *     buffer object, repositioned, while the writer's array is large enough)
     * @throws IllegalArgumentException if serial is 0 or a body value does not fit the signature
     */
    public ByteBuffer write(Message message, int serial) {
        return write(message, serial, message.byteOrder());
    }

    /** As {@link #write(Message, int)}, in the given byte order. */
    public ByteBuffer write(Message message, int serial, ByteOrder order) {
        MessageCodec.write(message, serial, wire, order);
        byte[] array = wire.buffer();
        if (array != viewed) {
            view = ByteBuffer.wrap(array).asReadOnlyBuffer();
            viewed = array;
        }
        return view.clear().limit(wire.position());
    }

    /**
     * Serializes {@code message} into a buffer of its own (not reused by any writer), sized to
     * it: for a message that is handed to another thread to send.
     *
     * @return the bytes, or {@code null} if the message carries descriptors (they must go with
     *     its first byte: write it with a {@code MessageWriter}, which reports them)
     */
    public static ByteBuffer encode(Message message, int serial) {
        var w = new WireWriter(256, message.byteOrder());
        MessageCodec.write(message, serial, w, message.byteOrder());
        return w.fds().isEmpty() ? ByteBuffer.wrap(w.buffer(), 0, w.position()) : null;
    }

    /**
     * The descriptors the last message's {@code h} values refer to, in index order, as raw
     * ints (still owned by the {@link UnixFd} objects or by the caller who gave raw ints). They
     * must go out with the first byte of the message.
     */
    public int[] fds() {
        List<Object> fds = wire.fds();
        int[] out = new int[fds.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fds.get(i) instanceof UnixFd fd ? fd.fd() : (Integer) fds.get(i);
        }
        return out;
    }

    /** The descriptor objects of the last message: {@link UnixFd} or {@code Integer}. */
    public List<Object> fdObjects() {
        return new ArrayList<>(wire.fds());
    }
}
