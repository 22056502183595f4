package io.jitney.bindgen.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Text from introspection data made safe for Javadoc and Java string literals. */
final class Docs {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private Docs() {}

    /**
     * Paragraphs of documentation, escaped: HTML specials, {@code @} (no stray block or inline
     * tags), backslashes (no unicode escapes, which javac reads even in comments) and
     * {@code *}{@code /} (which would end the comment).
     */
    static List<String> paragraphs(String doc) {
        var out = new ArrayList<String>();
        if (doc == null) {
            return out;
        }
        for (String p : doc.split("\n\n")) {
            String e = escape(p).strip();
            if (!e.isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    /** One line of text, escaped as for {@link #paragraphs}. */
    static String escape(String text) {
        var sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '@' -> sb.append("&#64;");
                case '\\' -> sb.append("&#92;");
                case '/' -> sb.append(i > 0 && text.charAt(i - 1) == '*' ? "&#47;" : "/");
                default -> sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
            }
        }
        return sb.toString();
    }

    /** {@code {@code name}} for a plain name, else the name escaped in quotes. */
    static String name(String name) {
        return SAFE_NAME.matcher(name).matches() ? "{@code " + name + "}" : "\"" + escape(name) + "\"";
    }

    /** True if the name can go inside {@code {@code ...}} as it is. */
    static boolean isPlainName(String name) {
        return name != null && SAFE_NAME.matcher(name).matches();
    }

    /** A Java string literal for any text. */
    static String literal(String s) {
        var sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\%03o", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
