package io.jitney.internal.wire;

import io.jitney.wire.BasicType;
import io.jitney.wire.Limits;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.SignatureException;
import io.jitney.wire.Struct;
import io.jitney.wire.Type;
import io.jitney.internal.unix.JdkDescriptors;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Values;
import io.jitney.wire.Variant;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Marshals D-Bus values into a growable byte array in either byte order, following the spec's
 * alignment rules ("Marshaling (Wire Format)"). Alignment is computed from position 0 of the
 * buffer, which must be the first byte of the message.
 *
 * <p>Values are checked as they are written: ranges, string validity (no NUL, no unpaired
 * surrogates), object paths, signatures, container lengths and nesting depth. A value that does
 * not fit throws {@link ValueException} naming where it was. Not thread-safe; reusable after
 * {@link #reset}.
 */
public final class WireWriter {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ClassValue<RecordComponent[]> RECORD_COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent c : components) {
                c.getAccessor().setAccessible(true);
            }
            return components;
        }
    };

    private byte[] buf;
    private int pos;
    private boolean bigEndian;
    private int depth;
    private final List<Object> fds = new ArrayList<>(0);

    public WireWriter(int initialCapacity, ByteOrder order) {
        this.buf = new byte[Math.max(16, initialCapacity)];
        this.bigEndian = order == ByteOrder.BIG_ENDIAN;
    }

    /** Empties the writer for a new message in the given byte order; keeps the buffer. */
    public void reset(ByteOrder order) {
        pos = 0;
        depth = 0;
        bigEndian = order == ByteOrder.BIG_ENDIAN;
        fds.clear();
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    /** Bytes written so far. */
    public int position() {
        return pos;
    }

    /** The backing array; valid bytes are {@code [0, position())}. */
    public byte[] buffer() {
        return buf;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /**
     * Descriptors collected from {@code h} values, in index order: each is a {@link UnixFd} or
     * an {@code Integer} raw descriptor (given as such, or read from a JDK object holding it).
     */
    public List<Object> fds() {
        return fds;
    }

    // ---------------------------------------------------------------- primitives

    private void ensure(int n) {
        if (buf.length - pos < n) {
            grow(n);
        }
    }

    private void grow(int n) {
        long needed = (long) pos + n;
        if (needed > Limits.MAX_MESSAGE_LENGTH + 8L) {
            throw new ValueException("message would exceed the maximum length of " + Limits.MAX_MESSAGE_LENGTH + " bytes");
        }
        long newCap = Math.max(needed, Math.min((long) buf.length * 2, Limits.MAX_MESSAGE_LENGTH + 8L));
        buf = Arrays.copyOf(buf, (int) newCap);
    }

    /** Writes zero bytes up to the next multiple of {@code alignment}. */
    public void align(int alignment) {
        int padded = (pos + alignment - 1) & -alignment;
        if (padded != pos) {
            ensure(8);
            I64.set(buf, pos, 0L); // at most 7 pad bytes, in one store; what lies past them is not written yet
            pos = padded;
        }
    }

    public void writeByte(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    public void writeInt16(int v) {
        align(2);
        ensure(2);
        short s = (short) v;
        I16.set(buf, pos, bigEndian ? Short.reverseBytes(s) : s);
        pos += 2;
    }

    public void writeInt32(int v) {
        align(4);
        ensure(4);
        I32.set(buf, pos, bigEndian ? Integer.reverseBytes(v) : v);
        pos += 4;
    }

    public void writeInt64(long v) {
        align(8);
        ensure(8);
        I64.set(buf, pos, bigEndian ? Long.reverseBytes(v) : v);
        pos += 8;
    }

    /** Overwrites a 32-bit value at an earlier position (length prefixes). */
    public void patchInt32(int at, int v) {
        I32.set(buf, at, bigEndian ? Integer.reverseBytes(v) : v);
    }

    /** Reserves an aligned 32-bit slot and returns its position, for a length patched later. */
    public int reserveInt32() {
        align(4);
        ensure(4);
        int at = pos;
        pos += 4;
        return at;
    }

    /** Overwrites one byte at an earlier position. */
    public void putByte(int at, int v) {
        buf[at] = (byte) v;
    }

    /** Inserts {@code n} zero bytes at {@code at}, moving what follows. */
    public void insertGap(int at, int n) {
        ensure(n);
        System.arraycopy(buf, at, buf, at + n, pos - at);
        Arrays.fill(buf, at, at + n, (byte) 0);
        pos += n;
    }

    /** {@code s}: validated UTF-8 without NUL; ASCII takes a copy loop with no encoder. */
    public void writeString(CharSequence s) {
        int n = s.length();
        int lenAt = (pos + 3) & -4;
        ensure((int) Math.min(Integer.MAX_VALUE, lenAt - pos + 5L + n)); // padding, length, ASCII text, NUL: one check
        I32.set(buf, pos, 0); // up to 3 pad bytes, in one store; the length overwrites the rest
        int p = lenAt + 4;
        byte[] b = buf;
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0 || c >= 0x80) {
                break;
            }
            b[p++] = (byte) c;
        }
        if (i < n) {
            pos = p;
            writeNonAsciiTail(s, i);
            p = pos;
        }
        int len = p - lenAt - 4;
        if (i < n) {
            ensure(1);
        }
        buf[p++] = 0;
        pos = p;
        patchInt32(lenAt, len);
    }

    private void writeNonAsciiTail(CharSequence s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw new ValueException("string contains a NUL character at index " + i + ", which D-Bus strings cannot carry");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new ValueException("string contains an unpaired surrogate at index " + i + ", which is not valid Unicode");
            }
        }
        byte[] utf8 = s.subSequence(from, n).toString().getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + 1);
        System.arraycopy(utf8, 0, buf, pos, utf8.length);
        pos += utf8.length;
    }

    /** {@code g}: one length byte, ASCII, NUL. The text must already be a valid signature. */
    public void writeSignature(String sig) {
        int n = sig.length();
        ensure(n + 2);
        buf[pos++] = (byte) n;
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) sig.charAt(i);
        }
        buf[pos++] = 0;
    }

    // ---------------------------------------------------------------- values

    /** Writes the values of a whole signature, one per type; {@code values.size()} must match. */
    public void writeAll(List<Type> types, List<?> values) {
        if (types.size() != values.size()) {
            throw new ValueException("signature has " + types.size() + " types but " + values.size() + " values were given");
        }
        for (int i = 0; i < types.size(); i++) {
            try {
                write(types.get(i), values.get(i));
            } catch (ValueException e) {
                throw e.within("argument " + i + " ('" + types.get(i).signature() + "')");
            }
        }
    }

    /** Writes one value of one type. */
    public void write(Type type, Object value) {
        if (value == null) {
            throw new ValueException("null is not a D-Bus value (expected '" + type.signature() + "')");
        }
        switch (type) {
            case BasicType b -> writeBasic(b, value);
            case Type.Array a -> writeArray(a, value);
            case Type.Struct s -> writeStruct(s.fields(), value);
            case Type.Variant v -> writeVariant(value);
            case Type.DictEntry d -> throw new ValueException("a dict entry can only be written inside an array");
        }
    }

    /**
     * Kept small enough to be inlined where it is hot (dict keys, variant values): each case
     * is a call, and the rarer conversions live in methods of their own.
     */
    private void writeBasic(BasicType t, Object v) {
        switch (t) {
            case BYTE -> writeByte((int) integer(v, t, 0, 255, true));
            case BOOLEAN -> writeInt32(bool(v));
            case INT16 -> writeInt16((int) integer(v, t, Short.MIN_VALUE, Short.MAX_VALUE, false));
            case UINT16 -> writeInt16((int) integer(v, t, 0, 0xFFFF, false));
            case INT32 -> writeInt32((int) integer(v, t, Integer.MIN_VALUE, Integer.MAX_VALUE, false));
            case UINT32 -> writeInt32((int) integer(v, t, 0, 0xFFFF_FFFFL, false));
            case INT64 -> writeInt64(integer(v, t, Long.MIN_VALUE, Long.MAX_VALUE, false));
            case UINT64 -> writeInt64(uint64(v));
            case DOUBLE -> writeInt64(Double.doubleToRawLongBits(dbl(v)));
            case UNIX_FD -> writeFd(v);
            case STRING -> writeString(v instanceof CharSequence s ? s : throwMismatch(v, t));
            case OBJECT_PATH -> writeString(objectPath(v));
            case SIGNATURE -> writeSignature(signatureText(v));
        }
    }

    private static int bool(Object v) {
        if (!(v instanceof Boolean b)) {
            throw mismatch(v, BasicType.BOOLEAN);
        }
        return b ? 1 : 0;
    }

    private static double dbl(Object v) {
        return switch (v) {
            case Double x -> x;
            case Float x -> x;
            default -> throw mismatch(v, BasicType.DOUBLE);
        };
    }

    private static CharSequence throwMismatch(Object v, Type t) {
        throw mismatch(v, t);
    }

    private static String objectPath(Object v) {
        return switch (v) {
            case ObjectPath p -> p.value();
            case CharSequence s -> {
                String str = s.toString();
                String problem = ObjectPath.problem(str);
                if (problem != null) {
                    throw new ValueException("invalid object path '" + str + "': " + problem);
                }
                yield str;
            }
            default -> throw mismatch(v, BasicType.OBJECT_PATH);
        };
    }

    private static String signatureText(Object v) {
        return switch (v) {
            case Signature g -> g.toString();
            case CharSequence s -> {
                try {
                    yield Signature.of(s.toString()).toString();
                } catch (SignatureException e) {
                    throw new ValueException(e.getMessage());
                }
            }
            default -> throw mismatch(v, BasicType.SIGNATURE);
        };
    }

    private void writeFd(Object v) {
        int index;
        switch (v) {
            case UnixFd fd -> {
                if (!fd.isOpen()) {
                    throw new ValueException(fd + " cannot be sent: it was closed or handed over",
                            new IllegalStateException(fd + " is not open"));
                }
                index = indexOfFd(v);
            }
            case Integer raw when raw >= 0 -> index = indexOfFd(raw);
            case Object o when JdkDescriptors.isHolder(o) -> {
                int raw;
                try {
                    raw = JdkDescriptors.descriptorOf(o);
                } catch (IllegalArgumentException e) {
                    throw new ValueException(e.getMessage());
                }
                index = indexOfFd(raw);
            }
            default -> throw new ValueException("expected a UnixFd, a non-negative int descriptor or a JDK object holding "
                    + "one (FileDescriptor, FileInputStream, FileOutputStream, RandomAccessFile, FileChannel, "
                    + "SocketChannel) for 'h', got " + describe(v));
        }
        writeInt32(index);
    }

    private int indexOfFd(Object fd) {
        for (int i = 0; i < fds.size(); i++) {
            if (fds.get(i).equals(fd)) {
                return i;
            }
        }
        if (fds.size() >= Limits.MAX_UNIX_FDS) {
            throw new ValueException("more than " + Limits.MAX_UNIX_FDS + " file descriptors in one message (Linux "
                    + "passes at most " + Limits.MAX_UNIX_FDS + " in one sendmsg, SCM_MAX_FD)");
        }
        fds.add(fd);
        return fds.size() - 1;
    }

    private static long integer(Object v, BasicType t, long min, long max, boolean byteBits) {
        long x = switch (v) {
            case Integer i -> i;
            case Long l -> l;
            case Short s -> s;
            case Byte b -> byteBits ? Byte.toUnsignedInt(b) : b;
            case BigInteger b -> {
                if (b.bitLength() > 63) {
                    throw outOfRange(v, t, min, max);
                }
                yield b.longValue();
            }
            default -> throw mismatch(v, t);
        };
        if (x < min || x > max) {
            throw outOfRange(v, t, min, max);
        }
        return x;
    }

    private static long uint64(Object v) {
        return switch (v) {
            case Long l -> l; // the unsigned bits, as reading produces them
            case BigInteger b -> {
                if (b.signum() < 0 || b.bitLength() > 64) {
                    throw new ValueException(b + " is out of range for UINT64 't' (0..18446744073709551615)");
                }
                yield b.longValue();
            }
            case Integer i when i >= 0 -> i;
            case Short s when s >= 0 -> s;
            case Byte b -> Byte.toUnsignedInt(b);
            case Integer i -> throw new ValueException(i + " is out of range for UINT64 't' (0..18446744073709551615)");
            case Short s -> throw new ValueException(s + " is out of range for UINT64 't' (0..18446744073709551615)");
            default -> throw mismatch(v, BasicType.UINT64);
        };
    }

    private static ValueException outOfRange(Object v, BasicType t, long min, long max) {
        return new ValueException(v + " is out of range for " + t.name() + " '" + t.code() + "' (" + min + ".." + max + ")");
    }

    private static ValueException mismatch(Object v, Type t) {
        return new ValueException("expected a value for '" + t.signature() + "', got " + describe(v));
    }

    private static String describe(Object v) {
        String s = Values.toDisplayString(v);
        if (s.length() > 60) {
            s = s.substring(0, 57) + "...";
        }
        return v.getClass().getSimpleName() + " " + s;
    }

    private void enter(String what) {
        if (++depth > Limits.MAX_TOTAL_DEPTH) {
            throw new ValueException(what + " nested more than " + Limits.MAX_TOTAL_DEPTH + " containers deep");
        }
    }

    private void writeArray(Type.Array a, Object v) {
        enter("array");
        int lenAt = reserveInt32();
        Type element = a.element();
        align(element.alignment());
        int start = pos;
        if (element instanceof Type.DictEntry entry) {
            if (!(v instanceof Map<?, ?> map)) {
                throw mismatch(v, a);
            }
            writeDict(entry, map);
        } else if (!(element instanceof BasicType bt && bt.isFixed() && writeFixedArray(bt, v))) {
            writeElements(element, v, a);
        }
        int len = pos - start;
        if (len > Limits.MAX_ARRAY_LENGTH) {
            throw new ValueException("array of " + len + " bytes exceeds the maximum of " + Limits.MAX_ARRAY_LENGTH);
        }
        patchInt32(lenAt, len);
        depth--;
    }

    private void writeElements(Type element, Object v, Type.Array a) {
        Iterator<?> it = switch (v) {
            case Collection<?> c -> c.iterator();
            case Object[] arr -> Arrays.asList(arr).iterator();
            default -> throw mismatch(v, a);
        };
        int i = 0;
        while (it.hasNext()) {
            try {
                write(element, it.next());
            } catch (ValueException e) {
                throw e.within("[" + i + "]");
            }
            i++;
        }
    }

    private void writeDict(Type.DictEntry entry, Map<?, ?> map) {
        enter("dict entry");
        Type keyType = entry.key();
        Type valueType = entry.value();
        // a{sv} (properties, hints, options) is most dicts: its entries go straight to the
        // string and variant writers, whatever the JIT decided to inline into write().
        boolean stringKeys = keyType == BasicType.STRING;
        boolean variantValues = valueType instanceof Type.Variant;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            align(8);
            Object key = e.getKey();
            try {
                if (stringKeys && key instanceof String s) {
                    writeString(s);
                } else {
                    write(keyType, key);
                }
                Object value = e.getValue();
                if (variantValues && value instanceof Variant v) {
                    writeVariant(v);
                } else {
                    write(valueType, value);
                }
            } catch (ValueException ex) {
                throw ex.within("{" + Values.toDisplayString(key) + "}");
            }
        }
        depth--;
    }

    /** Bulk paths for primitive arrays; returns false to fall back to element-by-element. */
    private boolean writeFixedArray(BasicType t, Object v) {
        switch (t) {
            case BYTE -> {
                if (v instanceof byte[] bytes) {
                    writeBytes(bytes, 0, bytes.length);
                    return true;
                }
                if (v instanceof ByteBuffer bb) {
                    int n = bb.remaining();
                    checkArrayBytes(n);
                    ensure(n);
                    bb.duplicate().get(buf, pos, n);
                    pos += n;
                    return true;
                }
                return false;
            }
            case INT32, UINT32 -> {
                int[] ints = switch (v) {
                    case int[] x -> t == BasicType.INT32 ? x : checkUnsigned(x);
                    case PrimitiveLists.Int32List l when t == BasicType.INT32 -> l.values;
                    case PrimitiveLists.UInt32List l when t == BasicType.UINT32 -> l.values;
                    default -> null;
                };
                if (ints == null) {
                    return false;
                }
                checkArrayBytes(ints.length * 4L);
                ensure(ints.length * 4);
                for (int x : ints) {
                    I32.set(buf, pos, bigEndian ? Integer.reverseBytes(x) : x);
                    pos += 4;
                }
                return true;
            }
            case INT64, UINT64 -> {
                long[] longs = switch (v) {
                    case long[] x -> x;
                    case PrimitiveLists.Int64List l -> l.values;
                    default -> null;
                };
                if (longs == null) {
                    return false;
                }
                checkArrayBytes(longs.length * 8L);
                ensure(longs.length * 8);
                for (long x : longs) {
                    I64.set(buf, pos, bigEndian ? Long.reverseBytes(x) : x);
                    pos += 8;
                }
                return true;
            }
            case DOUBLE -> {
                double[] ds = switch (v) {
                    case double[] x -> x;
                    case PrimitiveLists.DoubleList l -> l.values;
                    default -> null;
                };
                if (ds == null) {
                    return false;
                }
                checkArrayBytes(ds.length * 8L);
                ensure(ds.length * 8);
                for (double d : ds) {
                    long x = Double.doubleToRawLongBits(d);
                    I64.set(buf, pos, bigEndian ? Long.reverseBytes(x) : x);
                    pos += 8;
                }
                return true;
            }
            case INT16, UINT16 -> {
                short[] ss = switch (v) {
                    case short[] x when t == BasicType.INT16 -> x;
                    case PrimitiveLists.Int16List l when t == BasicType.INT16 -> l.values;
                    case PrimitiveLists.UInt16List l when t == BasicType.UINT16 -> l.values;
                    default -> null;
                };
                if (ss == null) {
                    return false;
                }
                checkArrayBytes(ss.length * 2L);
                ensure(ss.length * 2);
                for (short x : ss) {
                    I16.set(buf, pos, bigEndian ? Short.reverseBytes(x) : x);
                    pos += 2;
                }
                return true;
            }
            case BOOLEAN -> {
                if (!(v instanceof boolean[] bs)) {
                    return false;
                }
                checkArrayBytes(bs.length * 4L);
                for (boolean b : bs) {
                    writeInt32(b ? 1 : 0);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static int[] checkUnsigned(int[] x) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] < 0) {
                throw new ValueException("[" + i + "]: " + x[i] + " is out of range for UINT32 'u' (0..4294967295)");
            }
        }
        return x;
    }

    private static void checkArrayBytes(long n) {
        if (n > Limits.MAX_ARRAY_LENGTH) {
            throw new ValueException("array of " + n + " bytes exceeds the maximum of " + Limits.MAX_ARRAY_LENGTH);
        }
    }

    /** Raw bytes (the body of an {@code ay}), bulk-copied. */
    public void writeBytes(byte[] src, int off, int len) {
        checkArrayBytes(len);
        ensure(len);
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    private void writeStruct(List<Type> fields, Object v) {
        enter("struct");
        align(8);
        switch (v) {
            case Struct s -> writeFields(fields, s.fields());
            case List<?> l -> writeFields(fields, l);
            case Object[] arr -> writeFields(fields, Arrays.asList(arr));
            case Record r -> writeRecord(fields, r);
            default -> throw new ValueException("expected a struct (Struct, List, Object[] or record) for '"
                    + new Type.Struct(fields).signature() + "', got " + describe(v));
        }
        depth--;
    }

    private void writeFields(List<Type> fields, List<?> values) {
        if (fields.size() != values.size()) {
            throw new ValueException("struct '" + new Type.Struct(fields).signature() + "' has " + fields.size()
                    + " fields but " + values.size() + " values were given");
        }
        for (int i = 0; i < fields.size(); i++) {
            try {
                write(fields.get(i), values.get(i));
            } catch (ValueException e) {
                throw e.within("(field " + i + ")");
            }
        }
    }

    private void writeRecord(List<Type> fields, Record r) {
        RecordComponent[] components = RECORD_COMPONENTS.get(r.getClass());
        if (components.length != fields.size()) {
            throw new ValueException("struct '" + new Type.Struct(fields).signature() + "' has " + fields.size()
                    + " fields but record " + r.getClass().getSimpleName() + " has " + components.length + " components");
        }
        for (int i = 0; i < components.length; i++) {
            Object value;
            try {
                value = components[i].getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new ValueException("cannot read record component " + components[i].getName() + ": " + e);
            }
            try {
                write(fields.get(i), value);
            } catch (ValueException e) {
                throw e.within("(" + components[i].getName() + ")");
            }
        }
    }

    private void writeVariant(Object v) {
        enter("variant");
        Variant variant;
        if (v instanceof Variant x) {
            variant = x;
        } else {
            try {
                variant = Variant.of(v);
            } catch (IllegalArgumentException e) {
                throw new ValueException("a variant needs a Variant value or one whose type can be inferred: " + e.getMessage());
            }
        }
        Signature sig = variant.signature();
        writeSignature(sig.toString());
        Type type = sig.type();
        try {
            if (type instanceof BasicType b) {
                writeBasic(b, variant.value()); // never null: Variant refuses it
            } else {
                write(type, variant.value());
            }
        } catch (ValueException e) {
            throw e.within("<" + sig + ">");
        }
        depth--;
    }
}
