package io.jitney.cli;

import io.jitney.wire.BasicType;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Type;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * D-Bus values as busctl prints them: the terse one-line format that busctl also reads
 * ({@code as 2 "a" "b"}, the same syntax as {@link BusctlArgs} with strings quoted and C-escaped),
 * and the long format of {@code --verbose} and {@code monitor} ({@code ARRAY "s" { STRING "a"; };}
 * over several lines, strings raw). Doubles are C's {@code %g}; a {@code h} is the descriptor's
 * number in this process. Stateless and thread-safe.
 */
public final class BusctlFormat {
    private static final String INDENT = "        ";

    private BusctlFormat() {}

    /**
     * A message body in terse format: the signature, then each value, separated by spaces
     * ({@code si "x" 5}); the empty string for an empty body (busctl prints nothing then).
     */
    public static String terse(Signature signature, List<?> values) {
        if (signature.isEmpty()) {
            return "";
        }
        var sb = new StringBuilder(signature.toString());
        List<Type> types = signature.types();
        for (int i = 0; i < types.size(); i++) {
            sb.append(' ');
            terse(types.get(i), values.get(i), sb);
        }
        return sb.toString();
    }

    /** One value in terse format, without its signature ({@code 2 "a" "b"} for an {@code as}). */
    public static String terseValue(Type type, Object value) {
        var sb = new StringBuilder();
        terse(type, value, sb);
        return sb.toString();
    }

    private static void terse(Type type, Object value, StringBuilder sb) {
        switch (type) {
            case BasicType b -> basic(b, value, sb, true);
            case Type.Array a -> {
                if (value instanceof byte[] bytes) {
                    sb.append(bytes.length);
                    for (byte x : bytes) {
                        sb.append(' ').append(x & 0xff);
                    }
                } else if (value instanceof Map<?, ?> map) {
                    var entry = (Type.DictEntry) a.element();
                    sb.append(map.size());
                    for (var e : map.entrySet()) {
                        sb.append(' ');
                        basic(entry.key(), e.getKey(), sb, true);
                        sb.append(' ');
                        terse(entry.value(), e.getValue(), sb);
                    }
                } else {
                    List<?> list = asList(value);
                    sb.append(list.size());
                    for (Object x : list) {
                        sb.append(' ');
                        terse(a.element(), x, sb);
                    }
                }
            }
            case Type.Struct s -> {
                List<?> fields = fields(value);
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    terse(s.fields().get(i), fields.get(i), sb);
                }
            }
            case Type.Variant v -> {
                var variant = (Variant) value;
                sb.append(variant.signature()).append(' ');
                terse(variant.type(), variant.value(), sb);
            }
            case Type.DictEntry d -> throw new IllegalArgumentException("a dict entry outside an array: " + d);
        }
    }

    /**
     * A message body in long format, as {@code busctl --verbose call} prints it: {@code MESSAGE
     * "sig" {}, one line per value, {@code };}, each line indented by {@code indent} spaces.
     */
    public static String verbose(Signature signature, List<?> values, int indent) {
        var sb = new StringBuilder();
        String pad = " ".repeat(indent);
        sb.append(pad).append("MESSAGE \"").append(signature).append("\" {\n");
        List<Type> types = signature.types();
        for (int i = 0; i < types.size(); i++) {
            verbose(types.get(i), values.get(i), pad + INDENT, sb);
        }
        return sb.append(pad).append("};\n").toString();
    }

    /** One value in long format at the left margin, as {@code busctl --verbose get-property} prints it. */
    public static String verboseValue(Type type, Object value) {
        var sb = new StringBuilder();
        verbose(type, value, "", sb);
        return sb.toString();
    }

    private static void verbose(Type type, Object value, String pad, StringBuilder sb) {
        switch (type) {
            case BasicType b -> {
                sb.append(pad).append(typeName(b)).append(' ');
                basic(b, value, sb, false);
                sb.append(";\n");
            }
            case Type.Array a -> {
                open(sb, pad, "ARRAY", a.element().signature());
                String inner = pad + INDENT;
                if (value instanceof byte[] bytes) {
                    for (byte x : bytes) {
                        sb.append(inner).append("BYTE ").append(x & 0xff).append(";\n");
                    }
                } else if (value instanceof Map<?, ?> map) {
                    var entry = (Type.DictEntry) a.element();
                    for (var e : map.entrySet()) {
                        open(sb, inner, "DICT_ENTRY", entry.key().signature() + entry.value().signature());
                        verbose(entry.key(), e.getKey(), inner + INDENT, sb);
                        verbose(entry.value(), e.getValue(), inner + INDENT, sb);
                        sb.append(inner).append("};\n");
                    }
                } else {
                    for (Object x : asList(value)) {
                        verbose(a.element(), x, inner, sb);
                    }
                }
                sb.append(pad).append("};\n");
            }
            case Type.Struct s -> {
                String sig = s.signature();
                open(sb, pad, "STRUCT", sig.substring(1, sig.length() - 1));
                List<?> fields = fields(value);
                for (int i = 0; i < fields.size(); i++) {
                    verbose(s.fields().get(i), fields.get(i), pad + INDENT, sb);
                }
                sb.append(pad).append("};\n");
            }
            case Type.Variant v -> {
                var variant = (Variant) value;
                open(sb, pad, "VARIANT", variant.signature().toString());
                verbose(variant.type(), variant.value(), pad + INDENT, sb);
                sb.append(pad).append("};\n");
            }
            case Type.DictEntry d -> throw new IllegalArgumentException("a dict entry outside an array: " + d);
        }
    }

    private static void open(StringBuilder sb, String pad, String kind, String signature) {
        sb.append(pad).append(kind).append(" \"").append(signature).append("\" {\n");
    }

    private static String typeName(BasicType b) {
        return switch (b) {
            case BYTE -> "BYTE";
            case BOOLEAN -> "BOOLEAN";
            case INT16 -> "INT16";
            case UINT16 -> "UINT16";
            case INT32 -> "INT32";
            case UINT32 -> "UINT32";
            case INT64 -> "INT64";
            case UINT64 -> "UINT64";
            case DOUBLE -> "DOUBLE";
            case UNIX_FD -> "UNIX_FD";
            case STRING -> "STRING";
            case OBJECT_PATH -> "OBJECT_PATH";
            case SIGNATURE -> "SIGNATURE";
        };
    }

    /** A basic value; strings quoted, and C-escaped when {@code escape} (terse) or raw (long format). */
    private static void basic(BasicType type, Object value, StringBuilder sb, boolean escape) {
        switch (type) {
            case BYTE -> sb.append(((Number) value).intValue() & 0xff);
            case BOOLEAN -> sb.append((boolean) (Boolean) value);
            case INT16, INT32, INT64, UINT16, UINT32 -> sb.append(((Number) value).longValue());
            case UINT64 -> sb.append(Long.toUnsignedString(((Number) value).longValue()));
            case DOUBLE -> sb.append(CFloat.g(((Number) value).doubleValue()));
            case UNIX_FD -> sb.append(fdNumber(value));
            case STRING, OBJECT_PATH, SIGNATURE -> {
                sb.append('"');
                if (escape) {
                    cescape(value.toString(), sb);
                } else {
                    sb.append(value);
                }
                sb.append('"');
            }
        }
    }

    static int fdNumber(Object value) {
        if (value instanceof UnixFd fd) {
            return fd.isOpen() ? fd.fd() : -1;
        }
        return ((Number) value).intValue();
    }

    /**
     * C escaping of the string's UTF-8 bytes, as systemd's {@code cescape}: the usual
     * backslash escapes, and octal {@code \ooo} for control bytes and every byte from 0x7f up.
     */
    static void cescape(String s, StringBuilder sb) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\'' -> sb.append("\\'");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                                .append((char) ('0' + (c & 7)));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
    }

    static List<?> asList(Object value) {
        return switch (value) {
            case List<?> l -> l;
            case Object[] a -> List.of(a);
            default -> throw new IllegalArgumentException("not an array value: " + value.getClass().getName());
        };
    }

    static List<?> fields(Object value) {
        return switch (value) {
            case Struct s -> s.fields();
            case List<?> l -> l;
            case Object[] a -> List.of(a);
            default -> throw new IllegalArgumentException("not a struct value: " + value.getClass().getName());
        };
    }
}
