package io.jitney.bindgen.internal;

import java.util.List;

/**
 * Writes Java source text: four-space indentation, lines wrapped at {@value #WIDTH} columns
 * (continuations indented eight more), Javadoc filled to {@value #DOC_WIDTH}.
 */
final class SourceWriter {
    static final int WIDTH = 120;
    static final int DOC_WIDTH = 100;

    private final StringBuilder out = new StringBuilder();

    /** A line at this indentation level (four spaces each). */
    SourceWriter line(int level, String text) {
        if (!text.isEmpty()) {
            out.append("    ".repeat(level)).append(text);
        }
        out.append('\n');
        return this;
    }

    SourceWriter blank() {
        out.append('\n');
        return this;
    }

    /**
     * {@code prefix item, item, ... suffix}, wrapped after a comma where the line would be longer
     * than {@value #WIDTH} columns.
     */
    SourceWriter wrapped(int level, String prefix, List<String> items, String suffix) {
        String indent = "    ".repeat(level);
        String continuation = indent + "        ";
        var cur = new StringBuilder(indent).append(prefix);
        if (items.isEmpty()) {
            out.append(cur).append(suffix).append('\n');
            return this;
        }
        boolean atStart = true;
        for (int i = 0; i < items.size(); i++) {
            String piece = items.get(i) + (i < items.size() - 1 ? "," : suffix);
            if (atStart) {
                cur.append(piece);
                atStart = false;
            } else if (cur.length() + 1 + piece.length() <= WIDTH) {
                cur.append(' ').append(piece);
            } else {
                out.append(cur).append('\n');
                cur.setLength(0);
                cur.append(continuation).append(piece);
            }
        }
        out.append(cur).append('\n');
        return this;
    }

    /**
     * A Javadoc comment: paragraphs (already escaped HTML; the first is the summary, later ones
     * get {@code <p>}) and block tags such as {@code @param x text}.
     */
    SourceWriter javadoc(int level, List<String> paragraphs, List<String> tags) {
        if (paragraphs.isEmpty() && tags.isEmpty()) {
            return this;
        }
        String indent = "    ".repeat(level);
        if (paragraphs.size() == 1 && tags.isEmpty()
                && indent.length() + paragraphs.getFirst().length() + 7 <= DOC_WIDTH) {
            out.append(indent).append("/** ").append(paragraphs.getFirst()).append(" */\n");
            return this;
        }
        int width = Math.max(40, DOC_WIDTH - indent.length() - 3);
        out.append(indent).append("/**\n");
        for (int i = 0; i < paragraphs.size(); i++) {
            if (i > 0) {
                out.append(indent).append(" *\n");
            }
            fill(indent, (i > 0 ? "<p>" : "") + paragraphs.get(i), width, "");
        }
        if (!tags.isEmpty()) {
            if (!paragraphs.isEmpty()) {
                out.append(indent).append(" *\n");
            }
            for (String tag : tags) {
                fill(indent, tag, width, "    ");
            }
        }
        out.append(indent).append(" */\n");
        return this;
    }

    /** Greedy fill of words, never breaking inside a {@code {@code ...}} span. */
    private void fill(String indent, String text, int width, String hangingIndent) {
        var line = new StringBuilder();
        boolean first = true;
        for (String word : docWords(text)) {
            if (line.isEmpty()) {
                line.append(first ? "" : hangingIndent).append(word);
            } else if (line.length() + 1 + word.length() <= width) {
                line.append(' ').append(word);
            } else {
                out.append(indent).append(" * ").append(line).append('\n');
                line.setLength(0);
                line.append(hangingIndent).append(word);
            }
            first = false;
        }
        if (!line.isEmpty()) {
            out.append(indent).append(" * ").append(line).append('\n');
        }
    }

    /** Splits at spaces outside inline tags, so that {@code {@code a b}} stays on one line. */
    private static List<String> docWords(String text) {
        var words = new java.util.ArrayList<String>();
        var cur = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' && (braces > 0 || (i + 1 < text.length() && text.charAt(i + 1) == '@'))) {
                braces++;
            } else if (c == '}' && braces > 0) {
                braces--;
            }
            if (c == ' ' && braces == 0) {
                if (!cur.isEmpty()) {
                    words.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            words.add(cur.toString());
        }
        return words;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
