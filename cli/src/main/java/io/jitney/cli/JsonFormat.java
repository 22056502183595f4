package io.jitney.cli;

import io.jitney.wire.BasicType;
import io.jitney.wire.Signature;
import io.jitney.wire.Type;
import io.jitney.wire.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * D-Bus values as busctl's {@code --json} prints them: a body is
 * {@code {"type":"<signature>","data":[<value>,...]}}; integers are JSON numbers (64-bit ones
 * in full, unsigned as unsigned), doubles are C's {@code %.21e} (zero as {@code 0.000…e+00},
 * NaN and infinities as {@code null}), strings, object paths and signatures are strings, a
 * {@code h} is {@code null} (a descriptor number means nothing to another process), arrays
 * ({@code ay} too) and structs are arrays, dicts are objects and variants are
 * {@code {"type":"<signature>","data":<value>}}.
 *
 * <p>One difference from busctl 252: JSON object keys must be strings, and busctl fails (exit
 * 1, no output) on a dict whose key is not {@code s}, {@code o} or {@code g}; here such a key is
 * written as a string of its JSON text ({@code {"5":"five"}}). Stateless and thread-safe.
 */
public final class JsonFormat {
    private JsonFormat() {}

    /** A message body as busctl's JSON, short or pretty, without a trailing newline. */
    public static String body(Signature signature, List<?> values, boolean pretty) {
        return Json.write(bodyTree(signature, values), pretty);
    }

    /** One value with its type, as busctl prints a property: {@code {"type":"as","data":[...]}}. */
    public static String typed(Type type, Object value, boolean pretty) {
        return Json.write(typedTree(type, value), pretty);
    }

    static Map<String, Object> bodyTree(Signature signature, List<?> values) {
        var data = new ArrayList<Object>(values.size());
        List<Type> types = signature.types();
        for (int i = 0; i < types.size(); i++) {
            data.add(tree(types.get(i), values.get(i)));
        }
        var object = new LinkedHashMap<String, Object>();
        object.put("type", signature.toString());
        object.put("data", data);
        return object;
    }

    static Map<String, Object> typedTree(Type type, Object value) {
        var object = new LinkedHashMap<String, Object>();
        object.put("type", type.signature());
        object.put("data", tree(type, value));
        return object;
    }

    /** The JSON tree of one value (see {@link Json} for the tree's types). */
    static Object tree(Type type, Object value) {
        return switch (type) {
            case BasicType b -> basic(b, value);
            case Type.Array a -> {
                if (value instanceof byte[] bytes) {
                    var list = new ArrayList<Object>(bytes.length);
                    for (byte x : bytes) {
                        list.add(Json.Number.of(x & 0xff));
                    }
                    yield list;
                }
                if (value instanceof Map<?, ?> map) {
                    var entry = (Type.DictEntry) a.element();
                    var object = new LinkedHashMap<String, Object>();
                    for (var e : map.entrySet()) {
                        object.put(key(entry.key(), e.getKey()), tree(entry.value(), e.getValue()));
                    }
                    yield object;
                }
                var list = new ArrayList<Object>();
                for (Object x : BusctlFormat.asList(value)) {
                    list.add(tree(a.element(), x));
                }
                yield list;
            }
            case Type.Struct s -> {
                List<?> fields = BusctlFormat.fields(value);
                var list = new ArrayList<Object>(fields.size());
                for (int i = 0; i < fields.size(); i++) {
                    list.add(tree(s.fields().get(i), fields.get(i)));
                }
                yield list;
            }
            case Type.Variant v -> {
                var variant = (Variant) value;
                yield typedTree(variant.type(), variant.value());
            }
            case Type.DictEntry d -> throw new IllegalArgumentException("a dict entry outside an array: " + d);
        };
    }

    private static String key(BasicType type, Object key) {
        Object tree = basic(type, key);
        return switch (tree) {
            case String s -> s;
            case null -> "null";
            default -> Json.write(tree, false);
        };
    }

    private static Object basic(BasicType type, Object value) {
        return switch (type) {
            case BYTE -> Json.Number.of(((java.lang.Number) value).intValue() & 0xff);
            case BOOLEAN -> (Boolean) value;
            case INT16, INT32, INT64, UINT16, UINT32 -> Json.Number.of(((java.lang.Number) value).longValue());
            case UINT64 -> new Json.Number(Long.toUnsignedString(((java.lang.Number) value).longValue()));
            case DOUBLE -> {
                double d = ((java.lang.Number) value).doubleValue();
                yield Double.isFinite(d) ? new Json.Number(CFloat.e21(d)) : null;
            }
            case UNIX_FD -> null;
            case STRING, OBJECT_PATH, SIGNATURE -> value.toString();
        };
    }
}
