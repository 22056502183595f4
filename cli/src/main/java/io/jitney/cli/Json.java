package io.jitney.cli;

import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer in systemd's style, so that output matches busctl byte for byte. A
 * JSON value is a {@code Map<String, ?>} (object, in iteration order), a {@code List<?>}
 * (array), a {@code String}, a {@code Boolean}, {@code null}, or a {@link Number} written as
 * its already formatted text (see {@link Number}).
 *
 * <p>Short form has no whitespace at all. Pretty form indents with tabs, puts every member and
 * element on its own line and writes {@code "key" : value}; empty objects and arrays stay
 * {@code {}} and {@code []}. Strings escape {@code "}, {@code \}, the five short control
 * escapes and other control characters as {@code \}{@code u00xx}; everything else, non-ASCII
 * included, is written as is. Stateless and thread-safe.
 */
final class Json {
    private Json() {}

    /** A JSON number, already in its final text (e.g. {@code 18446744073709551615}, {@code 1.5e+00}). */
    record Number(String text) {
        static Number of(long value) {
            return new Number(Long.toString(value));
        }
    }

    /** {@code value} in short or pretty form, without a trailing newline. */
    static String write(Object value, boolean pretty) {
        var sb = new StringBuilder();
        write(value, pretty, 0, sb);
        return sb.toString();
    }

    private static void write(Object value, boolean pretty, int depth, StringBuilder sb) {
        switch (value) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Number n -> sb.append(n.text());
            case String s -> string(s, sb);
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append('{');
                int i = 0;
                for (var e : m.entrySet()) {
                    if (i++ > 0) {
                        sb.append(',');
                    }
                    newline(pretty, depth + 1, sb);
                    string((String) e.getKey(), sb);
                    sb.append(pretty ? " : " : ":");
                    write(e.getValue(), pretty, depth + 1, sb);
                }
                newline(pretty, depth, sb);
                sb.append('}');
            }
            case List<?> l -> {
                if (l.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append('[');
                int i = 0;
                for (Object x : l) {
                    if (i++ > 0) {
                        sb.append(',');
                    }
                    newline(pretty, depth + 1, sb);
                    write(x, pretty, depth + 1, sb);
                }
                newline(pretty, depth, sb);
                sb.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void newline(boolean pretty, int depth, StringBuilder sb) {
        if (pretty) {
            sb.append('\n').append("\t".repeat(depth));
        }
    }

    static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
