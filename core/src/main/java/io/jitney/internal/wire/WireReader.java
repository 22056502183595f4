package io.jitney.internal.wire;

import io.jitney.ProtocolException;
import io.jitney.wire.BasicType;
import io.jitney.wire.Limits;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.SignatureException;
import io.jitney.wire.Struct;
import io.jitney.wire.Type;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Values;
import io.jitney.wire.Variant;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Unmarshals D-Bus values from a byte array, validating as it goes: alignment padding must be
 * zero, booleans 0 or 1, strings valid UTF-8 without NUL and NUL-terminated, object paths and
 * signatures valid, lengths within the message and within the spec's limits (checked before
 * anything is allocated for them), containers no deeper than 64, array contents exactly filling
 * their declared length, dict keys unique. Any violation throws {@link ProtocolException} with
 * the offset from the start of the message. Not thread-safe.
 */
public final class WireReader {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final int origin;
    private final int limit;
    private final boolean bigEndian;
    private int pos;
    private int depth;
    private static final UnixFd[] NO_FDS = new UnixFd[0];
    private UnixFd[] fds = NO_FDS;

    /**
     * @param buf     the bytes
     * @param origin  index of the first byte of the message (alignment is relative to it)
     * @param limit   index one past the last readable byte
     * @param order   the message's byte order
     */
    public WireReader(byte[] buf, int origin, int limit, ByteOrder order) {
        this.buf = buf;
        this.origin = origin;
        this.limit = limit;
        this.pos = origin;
        this.bigEndian = order == ByteOrder.BIG_ENDIAN;
    }

    /**
     * The descriptors that {@code h} values index into; {@code null} to read {@code h} values
     * as their raw index (a {@code Long}) without resolving them, for validating a message
     * that will be discarded.
     */
    public void setFds(UnixFd[] fds) {
        this.fds = fds;
    }

    /** Current offset from the start of the message. */
    public int offset() {
        return pos - origin;
    }

    /** Moves to an offset from the start of the message. */
    public void seek(int offset) {
        pos = origin + offset;
    }

    public int remaining() {
        return limit - pos;
    }

    private ProtocolException error(String message) {
        return new ProtocolException(message, pos - origin);
    }

    private ProtocolException errorAt(String message, int at) {
        return new ProtocolException(message, at - origin);
    }

    private void need(int n, String what) {
        if (limit - pos < n) {
            throw error("truncated: " + what + " needs " + n + " bytes but " + (limit - pos) + " remain");
        }
    }

    /** Skips alignment padding, which must be zero bytes within the data. */
    public void align(int alignment) {
        int rel = pos - origin;
        int pad = ((rel + alignment - 1) & -alignment) - rel;
        if (pad == 0) {
            return;
        }
        if (limit - pos >= 8 && ((long) I64.get(buf, pos) & ((1L << (pad << 3)) - 1)) == 0) {
            pos += pad; // the pad bytes, the first of eight read at once, are all zero
            return;
        }
        need(pad, "alignment padding");
        for (int i = 0; i < pad; i++) {
            if (buf[pos + i] != 0) {
                throw errorAt("alignment padding byte is " + (buf[pos + i] & 0xff) + ", must be 0", pos + i);
            }
        }
        pos += pad;
    }

    public int readByte() {
        need(1, "BYTE");
        return buf[pos++] & 0xff;
    }

    public short readInt16() {
        align(2);
        need(2, "16-bit integer");
        short v = (short) I16.get(buf, pos);
        pos += 2;
        return bigEndian ? Short.reverseBytes(v) : v;
    }

    public int readInt32() {
        align(4);
        need(4, "32-bit integer");
        int v = (int) I32.get(buf, pos);
        pos += 4;
        return bigEndian ? Integer.reverseBytes(v) : v;
    }

    public long readInt64() {
        align(8);
        need(8, "64-bit integer");
        long v = (long) I64.get(buf, pos);
        pos += 8;
        return bigEndian ? Long.reverseBytes(v) : v;
    }

    /** A 32-bit length that must fit in the remaining data (checked before any allocation). */
    private int readLength(String what, long max) {
        align(4);
        int at = pos;
        need(4, what + " length");
        int raw = (int) I32.get(buf, pos);
        pos += 4;
        long len = Integer.toUnsignedLong(bigEndian ? Integer.reverseBytes(raw) : raw);
        if (len > max) {
            throw errorAt(what + " length " + len + " exceeds the maximum of " + max, at);
        }
        if (len > limit - pos) {
            throw errorAt(what + " length " + len + " runs past the end of the data (" + (limit - pos) + " bytes remain)", at);
        }
        return (int) len;
    }

    /**
     * {@code s}: strict UTF-8, no NUL inside, NUL after. The common case, ASCII followed by its
     * NUL, is kept small so that the JIT inlines it where strings are hot (variant values,
     * struct fields); everything else, errors included, is {@link #readStringChecked}.
     */
    public String readString() {
        int len = readLength("string", Limits.MAX_MESSAGE_LENGTH);
        int start = pos;
        if (asciiThenNul(start, start + len)) {
            pos = start + len + 1;
            return ascii(buf, start, len);
        }
        return readStringChecked(len);
    }

    /**
     * A string that is likely to recur (a header field, a dict key): short ASCII ones come from
     * the {@link SymbolCache} instead of being allocated again.
     */
    public String readSymbol() {
        int len = readLength("string", Limits.MAX_MESSAGE_LENGTH);
        int start = pos;
        if (len <= SymbolCache.MAX_LENGTH && asciiThenNul(start, start + len)) {
            pos = start + len + 1;
            return SymbolCache.string(buf, start, len);
        }
        return readStringChecked(len);
    }

    /** True if {@code buf[start, end)} is ASCII without NUL and a NUL follows within the data. */
    private boolean asciiThenNul(int start, int end) {
        byte[] b = buf;
        if (end >= limit || b[end] != 0) {
            return false;
        }
        int i = start;
        for (; end - i >= 8; i += 8) { // eight at a time: no byte with the top bit set, none zero
            long x = (long) I64.get(b, i);
            if (((x | ((x - 0x0101_0101_0101_0101L) & ~x)) & 0x8080_8080_8080_8080L) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (b[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    /** A string whose length has been read: any UTF-8, every check, every error. */
    private String readStringChecked(int len) {
        int at = pos - 4;
        need(len + 1, "string and its terminating NUL");
        int start = pos;
        int end = start + len;
        byte[] b = buf;
        int i = start;
        while (i < end && b[i] > 0) {
            i++;
        }
        String s;
        if (i == end) {
            s = ascii(b, start, len);
        } else {
            Utf8.validate(b, i, end, this::utf8Error);
            s = new String(b, start, len, StandardCharsets.UTF_8);
        }
        if (b[end] != 0) {
            throw errorAt("string starting at offset " + (at - origin) + " is not followed by a NUL byte", end);
        }
        pos = end + 1;
        return s;
    }

    /**
     * A string of bytes already checked to be ASCII. The constructor with a high byte of 0 makes
     * a Latin-1 string by copying the bytes; unlike the one taking a {@code Charset}, it is small
     * enough to be inlined, and strings are most of what a message holds.
     */
    @SuppressWarnings("deprecation")
    static String ascii(byte[] b, int off, int len) {
        return new String(b, 0, off, len);
    }

    private ProtocolException utf8Error(int at, String problem) {
        return errorAt("string is not valid: " + problem, at);
    }

    /** {@code o}: validated; recurring short paths come from the {@link SymbolCache}. */
    public ObjectPath readObjectPath() {
        int len = readLength("object path", Limits.MAX_MESSAGE_LENGTH);
        int at = pos - 4;
        need(len + 1, "object path and its terminating NUL");
        if (len <= SymbolCache.MAX_LENGTH && buf[pos + len] == 0) {
            ObjectPath cached = SymbolCache.path(buf, pos, len);
            if (cached != null) {
                pos += len + 1;
                return cached;
            }
        }
        pos = at;
        String s = readString();
        String problem = ObjectPath.problem(s);
        if (problem != null) {
            throw errorAt("invalid object path '" + s + "': " + problem, at);
        }
        return new ObjectPath(s);
    }

    /** {@code g}: length byte, ASCII type codes, NUL; validated. */
    public Signature readSignature() {
        int at = pos;
        int len = readByte();
        need(len + 1, "signature and its terminating NUL");
        int start = pos;
        for (int i = start; i < start + len; i++) {
            if (buf[i] <= 0) {
                throw errorAt("signature contains byte " + (buf[i] & 0xff) + ", not a type code", i);
            }
        }
        if (buf[start + len] != 0) {
            throw errorAt("signature is not followed by a NUL byte", start + len);
        }
        pos = start + len + 1;
        try {
            return SymbolCache.signature(buf, start, len);
        } catch (SignatureException e) {
            throw new ProtocolException(e.getMessage(), at - origin + 1 + e.position(), e);
        }
    }

    /** Reads the values of a whole signature. */
    public List<Object> readAll(List<Type> types) {
        int n = types.size();
        if (n == 0) {
            return List.of();
        }
        if (n == 1) {
            return List.of(read(types.getFirst())); // values are never null; one small object
        }
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = read(types.get(i));
        }
        return new ValueList(out, n);
    }

    /** Reads one value of one type. */
    public Object read(Type type) {
        return switch (type) {
            case BasicType b -> readBasic(b);
            case Type.Array a -> readArray(a);
            case Type.Struct s -> readStruct(s);
            case Type.Variant v -> readVariant();
            case Type.DictEntry d -> throw error("dict entry outside an array");
        };
    }

    private Object readBasic(BasicType t) {
        return switch (t) {
            case BYTE -> (byte) readByte();
            case BOOLEAN -> readBoolean();
            case INT16 -> readInt16();
            case UINT16 -> Short.toUnsignedInt(readInt16());
            case INT32 -> readInt32();
            case UINT32 -> Integer.toUnsignedLong(readInt32());
            case INT64, UINT64 -> readInt64();
            case DOUBLE -> Double.longBitsToDouble(readInt64());
            case UNIX_FD -> readFd();
            case STRING -> readString();
            case OBJECT_PATH -> readObjectPath();
            case SIGNATURE -> readSignature();
        };
    }

    private Boolean readBoolean() {
        align(4);
        int at = pos;
        int v = readInt32();
        if (v == 0) {
            return Boolean.FALSE;
        }
        if (v == 1) {
            return Boolean.TRUE;
        }
        throw errorAt("boolean value " + Integer.toUnsignedString(v) + " is neither 0 nor 1", at);
    }

    private Object readFd() {
        align(4);
        int at = pos;
        long index = Integer.toUnsignedLong(readInt32());
        if (fds == null) {
            return index;
        }
        if (index >= fds.length) {
            throw errorAt("unix fd index " + index + " but the message carries " + fds.length + " fds", at);
        }
        return fds[(int) index];
    }

    private void enter(String what) {
        if (++depth > Limits.MAX_TOTAL_DEPTH) {
            throw error(what + " nested more than " + Limits.MAX_TOTAL_DEPTH + " containers deep");
        }
    }

    private Object readArray(Type.Array a) {
        enter("array");
        align(4);
        int lenAt = pos;
        int len = readLength("array", Limits.MAX_ARRAY_LENGTH);
        Type element = a.element();
        align(element.alignment());
        if (len > limit - pos) {
            throw errorAt("array length " + len + " runs past the end of the data", lenAt);
        }
        int end = pos + len;
        Object result;
        if (element instanceof BasicType bt && bt.isFixed() && bt != BasicType.BOOLEAN && bt != BasicType.UNIX_FD) {
            result = readFixedArray(bt, len, lenAt);
        } else if (element instanceof Type.DictEntry entry) {
            result = readDict(entry, end);
        } else {
            Object[] items = new Object[capacityFor(len, element)];
            int n = 0;
            while (pos < end) {
                if (n == items.length) {
                    items = Arrays.copyOf(items, n * 2);
                }
                items[n++] = read(element);
            }
            result = new ValueList(items, n);
        }
        if (pos != end) {
            throw error("array elements end at offset " + (pos - origin) + " but the array length says " + (end - origin));
        }
        depth--;
        return result;
    }

    private Object readFixedArray(BasicType t, int len, int lenAt) {
        int size = t.fixedSize();
        if (len % size != 0) {
            throw errorAt("array of '" + t.code() + "' has length " + len + ", not a multiple of " + size, lenAt);
        }
        int n = len / size;
        int p = pos;
        byte[] b = buf;
        Object result = switch (t) {
            case BYTE -> Arrays.copyOfRange(b, p, p + len);
            case INT16, UINT16 -> {
                short[] out = new short[n];
                for (int i = 0; i < n; i++, p += 2) {
                    short v = (short) I16.get(b, p);
                    out[i] = bigEndian ? Short.reverseBytes(v) : v;
                }
                yield t == BasicType.INT16 ? new PrimitiveLists.Int16List(out) : new PrimitiveLists.UInt16List(out);
            }
            case INT32, UINT32 -> {
                int[] out = new int[n];
                for (int i = 0; i < n; i++, p += 4) {
                    int v = (int) I32.get(b, p);
                    out[i] = bigEndian ? Integer.reverseBytes(v) : v;
                }
                yield t == BasicType.INT32 ? new PrimitiveLists.Int32List(out) : new PrimitiveLists.UInt32List(out);
            }
            case INT64, UINT64 -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++, p += 8) {
                    long v = (long) I64.get(b, p);
                    out[i] = bigEndian ? Long.reverseBytes(v) : v;
                }
                yield new PrimitiveLists.Int64List(out);
            }
            case DOUBLE -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++, p += 8) {
                    long v = (long) I64.get(b, p);
                    out[i] = Double.longBitsToDouble(bigEndian ? Long.reverseBytes(v) : v);
                }
                yield new PrimitiveLists.DoubleList(out);
            }
            default -> throw new IllegalStateException("not a bulk type: " + t);
        };
        pos += len;
        return result;
    }

    /**
     * Slots to start a container's array with: as many elements as {@code len} bytes could hold
     * at their smallest (so a short array gets a short array), at most 16 (the rest double).
     */
    private static int capacityFor(int len, Type element) {
        int min = minSize(element);
        int align = element.alignment();
        int stride = (min + align - 1) & -align; // every element but the last takes this much at least
        return len < min ? 1 : Math.min(16, (len - min) / stride + 1);
    }

    /** The fewest bytes a value of type {@code t} takes, padding not counted. */
    private static int minSize(Type t) {
        return switch (t) {
            case BasicType b -> switch (b) {
                case STRING, OBJECT_PATH -> 5; // length, NUL
                case SIGNATURE -> 2; // length byte, NUL
                default -> b.fixedSize();
            };
            case Type.Array a -> 4;
            case Type.Variant v -> 4; // a one-letter signature and a byte
            case Type.DictEntry d -> minSize(d.key()) + minSize(d.value());
            case Type.Struct st -> {
                int sum = 0;
                for (Type f : st.fields()) {
                    sum += minSize(f);
                }
                yield Math.max(1, sum);
            }
        };
    }

    private Object readDict(Type.DictEntry entry, int end) {
        enter("dict entry");
        int guess = capacityFor(end - pos, entry);
        Object[] keys = new Object[guess];
        Object[] values = new Object[guess];
        // Hashes of the first 16 keys: the duplicate check compares ints and calls equals() only
        // on a hash match (keys from the symbol cache have their hash computed already).
        int[] hashes = new int[guess];
        int n = 0;
        HashMap<Object, Integer> index = null;
        boolean stringKeys = entry.key() == BasicType.STRING;
        // a{sv} is most dicts: its values go straight to the variant reader.
        boolean variantValues = entry.value() instanceof Type.Variant;
        while (pos < end) {
            align(8);
            int keyAt = pos;
            Object key = stringKeys ? readSymbol() : readBasic(entry.key());
            if (n >= 16 && index == null) {
                index = new HashMap<>(64);
                for (int i = 0; i < n; i++) {
                    index.put(keys[i], i);
                }
            }
            boolean duplicate;
            if (index != null) {
                duplicate = index.containsKey(key);
            } else {
                int h = key.hashCode();
                duplicate = false;
                for (int i = 0; i < n; i++) {
                    if (hashes[i] == h && keys[i].equals(key)) {
                        duplicate = true;
                        break;
                    }
                }
                if (n == hashes.length) {
                    hashes = Arrays.copyOf(hashes, Math.min(16, n * 2));
                }
                hashes[n] = h;
            }
            if (duplicate) {
                throw errorAt("dict contains the key " + Values.toDisplayString(key) + " twice", keyAt);
            }
            Object value = variantValues ? readVariant() : read(entry.value());
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            keys[n] = key;
            values[n] = value;
            if (index != null) {
                index.put(key, n);
            }
            n++;
        }
        depth--;
        return new ArrayMap<>(keys, values, n);
    }

    private Struct readStruct(Type.Struct s) {
        enter("struct");
        align(8);
        List<Type> fields = s.fields();
        Object[] out = new Object[fields.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = read(fields.get(i));
        }
        depth--;
        return new Struct(Arrays.asList(out));
    }

    private Variant readVariant() {
        enter("variant");
        int at = pos;
        Signature sig = readSignature();
        if (!sig.isSingleCompleteType()) {
            throw errorAt("variant signature '" + sig + "' is not a single complete type", at);
        }
        Type type = sig.type();
        Object value = type instanceof BasicType b ? readBasic(b) : read(type);
        depth--;
        return new Variant(sig, value);
    }
}
