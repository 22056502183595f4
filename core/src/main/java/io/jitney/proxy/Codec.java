package io.jitney.proxy;

import io.jitney.internal.wire.PrimitiveLists;
import io.jitney.wire.BasicType;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Type;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.lang.reflect.Constructor;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one Java type carries one D-Bus type: the D-Bus type, and the conversions between the
 * Java value and the value the wire layer reads and writes (see {@link io.jitney.wire.Values}).
 * Built once, when a typed proxy is created; immutable and thread-safe.
 *
 * <p>The rules, Java type → the D-Bus types it may carry (the first is the default when no
 * {@link DBusType} is given):
 * <ul>
 * <li>{@code boolean} → {@code b}; {@code byte} → {@code y}; {@code short} → {@code n}, {@code y};
 *     {@code int} → {@code i}, {@code y}, {@code n}, {@code q}; {@code long} → {@code x},
 *     {@code y}, {@code n}, {@code q}, {@code i}, {@code u}, {@code t} (the unsigned bits);
 *     {@code double} → {@code d}; boxes alike; {@code BigInteger} → {@code t}, {@code x} (no
 *     default)</li>
 * <li>{@code String} → {@code s}, {@code o}, {@code g}; {@code ObjectPath} → {@code o};
 *     {@code Signature} → {@code g}; {@code Variant} → {@code v}; {@code UnixFd} → {@code h}</li>
 * <li>{@code byte[]} → {@code ay}; {@code short[]} → {@code an}; {@code int[]} → {@code ai},
 *     {@code an}, {@code aq}; {@code long[]} → {@code ax}, {@code au}, {@code at};
 *     {@code double[]} → {@code ad}; {@code boolean[]} → {@code ab}</li>
 * <li>{@code List<E>} → {@code a}E; {@code Map<K, V>} → {@code a{KV}} with K a basic type</li>
 * <li>a {@code record} → a struct of its components in order (each may carry its own
 *     {@link DBusType}), nested records for nested structs</li>
 * <li>{@code Struct} → any struct, {@code Object} → any type, both only with a
 *     {@link DBusType} and with the values as read (no conversion)</li>
 * </ul>
 * Nothing else ({@code Optional}, {@code float}, {@code char}, enums, raw containers) maps.
 */
abstract class Codec {
    final Type type;

    private Codec(Type type) {
        this.type = type;
    }

    /** The D-Bus signature text of this codec's type. */
    final String signature() {
        return type.signature();
    }

    /** A value the wire writer accepts for {@link #type}. */
    abstract Object toWire(Object value);

    /** The Java value for a value of {@link #type} as read from the wire. */
    abstract Object fromWire(Object value);

    /** True if both conversions return their argument. */
    boolean identity() {
        return false;
    }

    /** A Java type that cannot carry the D-Bus type; the message says why. */
    static final class MappingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MappingException(String message) {
            super(message, null, false, false);
        }
    }

    /** The D-Bus type in a {@link DBusType} annotation (or {@code null} for none). */
    static Type declared(DBusType annotation) {
        if (annotation == null) {
            return null;
        }
        if (!Signature.isValid(annotation.value())) {
            throw new MappingException("@DBusType(\"" + annotation.value() + "\") is not a valid signature");
        }
        Signature s = Signature.of(annotation.value());
        if (!s.isSingleCompleteType()) {
            throw new MappingException("@DBusType(\"" + annotation.value() + "\") is not a single complete type");
        }
        return s.type();
    }

    /**
     * The codec for {@code javaType} carrying {@code declared} (or its default D-Bus type when
     * {@code declared} is {@code null}).
     *
     * @throws MappingException if the Java type cannot carry it
     */
    static Codec of(java.lang.reflect.Type javaType, Type declared) {
        return of(javaType, declared, new HashSet<>());
    }

    private static Codec of(java.lang.reflect.Type javaType, Type declared, Set<Class<?>> records) {
        if (javaType instanceof WildcardType w && w.getLowerBounds().length == 0 && w.getUpperBounds().length == 1) {
            javaType = w.getUpperBounds()[0];
        }
        if (javaType instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (raw == List.class) {
                return list(p.getActualTypeArguments()[0], declared, records);
            }
            if (raw == Map.class) {
                return map(p.getActualTypeArguments()[0], p.getActualTypeArguments()[1], declared, records);
            }
            throw new MappingException(javaType.getTypeName() + " has no D-Bus type" + hint(raw));
        }
        if (!(javaType instanceof Class<?> c)) {
            throw new MappingException(javaType.getTypeName()
                    + " has no D-Bus type (type variables and generic arrays cannot be mapped)");
        }
        if (c == Object.class || c == Struct.class) {
            if (declared == null) {
                throw new MappingException(c.getSimpleName() + " needs @DBusType to say which D-Bus type it carries");
            }
            if (c == Struct.class && !(declared instanceof Type.Struct)) {
                throw new MappingException("Struct cannot carry '" + declared + "'; it carries structs only");
            }
            return new Raw(declared);
        }
        if (c == Variant.class) {
            requireDeclared(c, declared, Type.Variant.INSTANCE);
            return new Raw(Type.Variant.INSTANCE);
        }
        if (c.isArray()) {
            return primitiveArray(c, declared);
        }
        if (c.isRecord() && !CARRIES.containsKey(c)) { // ObjectPath is a record, but a basic type
            return record(c, declared, records);
        }
        if (c == List.class || c == Map.class) {
            throw new MappingException("raw " + c.getSimpleName() + " has no D-Bus type; give its type arguments");
        }
        return basic(c, declared);
    }

    private static String hint(Class<?> c) {
        if (c == Optional.class) {
            return " (D-Bus has no null or absent value: use a plain type, or a variant or an empty container)";
        }
        if (java.util.Collection.class.isAssignableFrom(c)) {
            return " (use List for arrays)";
        }
        if (Map.class.isAssignableFrom(c)) {
            return " (use Map for dicts)";
        }
        return "";
    }

    private static void requireDeclared(Class<?> c, Type declared, Type only) {
        if (declared != null && !declared.equals(only)) {
            throw new MappingException(c.getSimpleName() + " cannot carry '" + declared + "'; it carries '" + only
                    + "'");
        }
    }

    // --- basic types --------------------------------------------------------------------------

    private static final Map<Class<?>, String> CARRIES = Map.ofEntries(
            Map.entry(Boolean.class, "b"),
            Map.entry(Byte.class, "y"),
            Map.entry(Short.class, "nyq"),
            Map.entry(Integer.class, "iynq"),
            Map.entry(Long.class, "xynqiut"),
            Map.entry(Double.class, "d"),
            Map.entry(BigInteger.class, "tx"),
            Map.entry(String.class, "sog"),
            Map.entry(ObjectPath.class, "o"),
            Map.entry(Signature.class, "g"),
            Map.entry(UnixFd.class, "h"));

    private static Codec basic(Class<?> c, Type declared) {
        Class<?> box = box(c);
        String carries = CARRIES.get(box);
        if (box == Short.class) {
            carries = "ny"; // q needs 0..65535, more than a short holds
        }
        if (carries == null) {
            throw new MappingException(c.getName() + " has no D-Bus type" + unmappable(c));
        }
        if (declared == null) {
            if (box == BigInteger.class) {
                throw new MappingException("BigInteger needs @DBusType(\"t\") or @DBusType(\"x\")");
            }
            return new Basic(BasicType.forCode(carries.charAt(0)), box);
        }
        if (!(declared instanceof BasicType t) || carries.indexOf(t.code()) < 0) {
            throw new MappingException(c.getSimpleName() + " cannot carry D-Bus type '" + declared + "'"
                    + suggestion(declared));
        }
        return new Basic(t, box);
    }

    private static String unmappable(Class<?> c) {
        if (c == float.class || c == Float.class) {
            return " (D-Bus has only double precision: use double)";
        }
        if (c == char.class || c == Character.class) {
            return " (use String, or an int with @DBusType(\"q\"))";
        }
        if (c.isEnum()) {
            return " (map it to a String or an integer yourself)";
        }
        return hint(c);
    }

    /** Which Java type to use instead, for the message of a mismatch. */
    static String suggestion(Type declared) {
        String s = switch (declared.signature()) {
            case "y" -> "byte";
            case "b" -> "boolean";
            case "n" -> "short";
            case "q", "i" -> "int";
            case "u", "x", "t" -> "long";
            case "d" -> "double";
            case "s" -> "String";
            case "o" -> "ObjectPath or String";
            case "g" -> "Signature or String";
            case "h" -> "UnixFd";
            case "v" -> "Variant";
            case "ay" -> "byte[]";
            default -> declared instanceof Type.Struct ? "a record with matching components"
                    : declared instanceof Type.Array a && a.isDict() ? "a Map"
                    : declared instanceof Type.Array ? "a List" : null;
        };
        return s == null ? "" : "; use " + s;
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == boolean.class) {
            return Boolean.class;
        }
        if (c == byte.class) {
            return Byte.class;
        }
        if (c == short.class) {
            return Short.class;
        }
        if (c == int.class) {
            return Integer.class;
        }
        if (c == long.class) {
            return Long.class;
        }
        if (c == double.class) {
            return Double.class;
        }
        return c; // float, char, void: not mapped
    }

    /** The wire writer range-checks, so writing needs no conversion; reading widens. */
    private static final class Basic extends Codec {
        private final Class<?> target;
        private final boolean identity;

        Basic(BasicType type, Class<?> target) {
            super(type);
            this.target = target;
            this.identity = switch (type) {
                case BYTE -> target == Byte.class;
                case INT16 -> target == Short.class;
                case UINT16, INT32 -> target == Integer.class;
                case UINT32, INT64, UINT64 -> target == Long.class;
                case OBJECT_PATH -> target == ObjectPath.class;
                case SIGNATURE -> target == Signature.class;
                default -> true;
            };
        }

        @Override
        boolean identity() {
            return identity;
        }

        @Override
        Object toWire(Object value) {
            return value;
        }

        @Override
        Object fromWire(Object v) {
            if (identity) {
                return v;
            }
            if (target == String.class) {
                return v instanceof ObjectPath p ? p.value() : v.toString();
            }
            if (target == BigInteger.class) {
                long bits = (Long) v;
                return type == BasicType.UINT64 ? new BigInteger(Long.toUnsignedString(bits))
                        : BigInteger.valueOf(bits);
            }
            long n = v instanceof Byte b ? Byte.toUnsignedLong(b) : ((Number) v).longValue();
            if (target == Short.class) {
                return (short) n;
            }
            if (target == Integer.class) {
                return (int) n;
            }
            return n;
        }
    }

    /** No conversion: the values as the wire reads them (Object, Struct, Variant). */
    private static final class Raw extends Codec {
        Raw(Type type) {
            super(type);
        }

        @Override
        boolean identity() {
            return true;
        }

        @Override
        Object toWire(Object value) {
            return value;
        }

        @Override
        Object fromWire(Object value) {
            return value;
        }
    }

    // --- primitive arrays ---------------------------------------------------------------------

    private static Codec primitiveArray(Class<?> c, Type declared) {
        Class<?> component = c.getComponentType();
        String carries;
        if (component == byte.class) {
            carries = "y";
        } else if (component == short.class) {
            carries = "n";
        } else if (component == int.class) {
            carries = "inq";
        } else if (component == long.class) {
            carries = "xut";
        } else if (component == double.class) {
            carries = "d";
        } else if (component == boolean.class) {
            carries = "b";
        } else {
            throw new MappingException(c.getSimpleName() + " has no D-Bus type (use a List, or byte[], short[], "
                    + "int[], long[], double[], boolean[])");
        }
        BasicType element;
        if (declared == null) {
            element = BasicType.forCode(carries.charAt(0));
        } else if (declared instanceof Type.Array a && a.element() instanceof BasicType bt
                && carries.indexOf(bt.code()) >= 0) {
            element = bt;
        } else {
            throw new MappingException(c.getSimpleName() + " cannot carry D-Bus type '" + declared + "'"
                    + suggestion(declared));
        }
        return new PrimitiveArray(new Type.Array(element), component, element);
    }

    private static final class PrimitiveArray extends Codec {
        private final Class<?> component;
        private final boolean direct;

        PrimitiveArray(Type.Array type, Class<?> component, BasicType element) {
            super(type);
            this.component = component;
            // The writer takes these arrays as they are; the others are boxed into a list.
            this.direct = component != int.class && component != long.class
                    || component == int.class && element == BasicType.INT32
                    || component == long.class && element != BasicType.UINT32;
        }

        @Override
        Object toWire(Object value) {
            if (direct) {
                return value;
            }
            var out = new ArrayList<Object>();
            if (value instanceof int[] ints) {
                for (int x : ints) {
                    out.add(x);
                }
            } else {
                for (long x : (long[]) value) {
                    out.add(x);
                }
            }
            return out;
        }

        @Override
        Object fromWire(Object value) {
            if (component == byte.class) {
                return ((byte[]) value).clone();
            }
            List<?> list = (List<?>) value;
            int n = list.size();
            if (component == int.class) {
                if (list instanceof PrimitiveLists.Int32List l) {
                    return l.toIntArray();
                }
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = ((Number) list.get(i)).intValue();
                }
                return out;
            }
            if (component == long.class) {
                if (list instanceof PrimitiveLists.Int64List l) {
                    return l.toLongArray();
                }
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = ((Number) list.get(i)).longValue();
                }
                return out;
            }
            if (component == double.class) {
                if (list instanceof PrimitiveLists.DoubleList l) {
                    return l.toDoubleArray();
                }
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (Double) list.get(i);
                }
                return out;
            }
            if (component == short.class) {
                short[] out = new short[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (Short) list.get(i);
                }
                return out;
            }
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                out[i] = (Boolean) list.get(i);
            }
            return out;
        }
    }

    // --- containers ---------------------------------------------------------------------------

    private static Codec list(java.lang.reflect.Type elementType, Type declared, Set<Class<?>> records) {
        Type elementDeclared = null;
        if (declared != null) {
            if (!(declared instanceof Type.Array a) || a.isDict()) {
                throw new MappingException("List cannot carry D-Bus type '" + declared + "'" + suggestion(declared));
            }
            elementDeclared = a.element();
        }
        Codec element = of(elementType, elementDeclared, records);
        return new ListCodec(new Type.Array(element.type), element);
    }

    private static final class ListCodec extends Codec {
        private final Codec element;
        private final boolean bytes;

        ListCodec(Type.Array type, Codec element) {
            super(type);
            this.element = element;
            this.bytes = element.type == BasicType.BYTE;
        }

        @Override
        boolean identity() {
            return element.identity() && !bytes;
        }

        @Override
        Object toWire(Object value) {
            if (element.identity()) {
                return value;
            }
            var out = new ArrayList<Object>();
            for (Object x : (List<?>) value) {
                out.add(element.toWire(nonNull(x, "a list element")));
            }
            return out;
        }

        @Override
        Object fromWire(Object value) {
            if (value instanceof byte[] b) { // ay is read as byte[]
                var out = new ArrayList<Object>(b.length);
                for (byte x : b) {
                    out.add(element.fromWire(x));
                }
                return Collections.unmodifiableList(out);
            }
            if (element.identity()) {
                return value;
            }
            List<?> in = (List<?>) value;
            var out = new ArrayList<Object>(in.size());
            for (Object x : in) {
                out.add(element.fromWire(x));
            }
            return Collections.unmodifiableList(out);
        }
    }

    private static Codec map(java.lang.reflect.Type keyType, java.lang.reflect.Type valueType, Type declared,
            Set<Class<?>> records) {
        Type keyDeclared = null;
        Type valueDeclared = null;
        if (declared != null) {
            if (!(declared instanceof Type.Array a) || !(a.element() instanceof Type.DictEntry e)) {
                throw new MappingException("Map cannot carry D-Bus type '" + declared + "'" + suggestion(declared));
            }
            keyDeclared = e.key();
            valueDeclared = e.value();
        }
        Codec key = of(keyType, keyDeclared, records);
        if (!(key.type instanceof BasicType keyBasic)) {
            throw new MappingException("a dict key must be a basic D-Bus type, not '" + key.type + "' ("
                    + keyType.getTypeName() + ")");
        }
        Codec value = of(valueType, valueDeclared, records);
        return new MapCodec(new Type.Array(new Type.DictEntry(keyBasic, value.type)), key, value);
    }

    private static final class MapCodec extends Codec {
        private final Codec key;
        private final Codec value;

        MapCodec(Type.Array type, Codec key, Codec value) {
            super(type);
            this.key = key;
            this.value = value;
        }

        @Override
        boolean identity() {
            return key.identity() && value.identity();
        }

        @Override
        Object toWire(Object v) {
            if (identity()) {
                return v;
            }
            var out = new LinkedHashMap<Object, Object>();
            for (var e : ((Map<?, ?>) v).entrySet()) {
                out.put(key.toWire(nonNull(e.getKey(), "a map key")),
                        value.toWire(nonNull(e.getValue(), "a map value")));
            }
            return out;
        }

        @Override
        Object fromWire(Object v) {
            if (identity()) {
                return v;
            }
            var out = new LinkedHashMap<Object, Object>();
            for (var e : ((Map<?, ?>) v).entrySet()) {
                out.put(key.fromWire(e.getKey()), value.fromWire(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
    }

    // --- records ------------------------------------------------------------------------------

    private static Codec record(Class<?> c, Type declared, Set<Class<?>> records) {
        if (!records.add(c)) {
            throw new MappingException("record " + c.getSimpleName()
                    + " contains itself; D-Bus types cannot be recursive");
        }
        try {
            RecordComponent[] components = c.getRecordComponents();
            if (components.length == 0) {
                throw new MappingException("record " + c.getSimpleName()
                        + " has no components; a D-Bus struct needs at least one field");
            }
            List<Type> fields = null;
            if (declared != null) {
                if (!(declared instanceof Type.Struct s)) {
                    throw new MappingException("record " + c.getSimpleName() + " cannot carry D-Bus type '"
                            + declared + "'" + suggestion(declared));
                }
                fields = s.fields();
                if (fields.size() != components.length) {
                    throw new MappingException("record " + c.getSimpleName() + " has " + components.length
                            + " components but struct '" + declared + "' has " + fields.size() + " fields");
                }
            }
            Codec[] codecs = componentCodecs(c, components, fields, records);
            var types = new ArrayList<Type>();
            for (Codec k : codecs) {
                types.add(k.type);
            }
            return new RecordCodec(new Type.Struct(types), c, components, codecs);
        } finally {
            records.remove(c);
        }
    }

    /**
     * The codecs of a record's components: each from the given D-Bus type ({@code fields}, may be
     * {@code null}) or the component's own {@link DBusType}; where both exist they must agree.
     */
    static Codec[] componentCodecs(Class<?> c, RecordComponent[] components, List<Type> fields) {
        return componentCodecs(c, components, fields, new HashSet<>(Set.of(c)));
    }

    private static Codec[] componentCodecs(Class<?> c, RecordComponent[] components, List<Type> fields,
            Set<Class<?>> records) {
        Codec[] codecs = new Codec[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent rc = components[i];
            try {
                Type own = declared(rc.getAnnotation(DBusType.class));
                Type given = fields == null ? null : fields.get(i);
                if (own != null && given != null && !own.equals(given)) {
                    throw new MappingException("@DBusType(\"" + own + "\") disagrees with the D-Bus type '" + given
                            + "'");
                }
                codecs[i] = of(rc.getGenericType(), given != null ? given : own, records);
            } catch (MappingException e) {
                throw new MappingException("record " + c.getSimpleName() + ", component " + rc.getName() + ": "
                        + e.getMessage());
            }
        }
        return codecs;
    }

    private static final class RecordCodec extends Codec {
        private final Constructor<?> constructor;
        private final Method[] accessors;
        private final Codec[] components;

        RecordCodec(Type.Struct type, Class<?> c, RecordComponent[] rcs, Codec[] components) {
            super(type);
            this.components = components;
            this.accessors = new Method[rcs.length];
            Class<?>[] types = new Class<?>[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                accessors[i] = accessible(rcs[i].getAccessor(), c);
                types[i] = rcs[i].getType();
            }
            try {
                this.constructor = accessible(c.getDeclaredConstructor(types), c);
            } catch (NoSuchMethodException e) {
                throw new MappingException("record " + c.getSimpleName() + " has no canonical constructor");
            }
        }

        @Override
        Object toWire(Object value) {
            var fields = new ArrayList<Object>(components.length);
            for (int i = 0; i < components.length; i++) {
                Object x;
                try {
                    x = accessors[i].invoke(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                } catch (InvocationTargetException e) {
                    throw rethrow(e);
                }
                fields.add(components[i].toWire(nonNull(x, "record component " + accessors[i].getName())));
            }
            return new Struct(fields);
        }

        @Override
        Object fromWire(Object value) {
            Struct s = (Struct) value;
            return construct(constructor, components, s.fields());
        }
    }

    /** A record made from wire values with the canonical constructor. */
    static Object construct(Constructor<?> constructor, Codec[] components, List<Object> values) {
        Object[] args = new Object[components.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = components[i].fromWire(values.get(i));
        }
        try {
            return constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        }
    }

    /** The canonical constructor of record {@code c}, made accessible. */
    static Constructor<?> canonicalConstructor(Class<?> c) {
        RecordComponent[] rcs = c.getRecordComponents();
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            types[i] = rcs[i].getType();
        }
        try {
            return accessible(c.getDeclaredConstructor(types), c);
        } catch (NoSuchMethodException e) {
            throw new MappingException("record " + c.getSimpleName() + " has no canonical constructor");
        }
    }

    private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member, Class<?> owner) {
        try {
            member.setAccessible(true);
            return member;
        } catch (InaccessibleObjectException e) {
            throw new MappingException("record " + owner.getName() + " is not accessible to Jitney: open its package "
                    + "to module io.jitney.core (" + e.getMessage() + ")");
        }
    }

    private static RuntimeException rethrow(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }

    static Object nonNull(Object value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is null; D-Bus has no null value");
        }
        return value;
    }
}
