package io.jitney.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table as busctl prints one when its output is not a terminal: columns separated
 * by one space, each as wide as its widest cell (the header counts only when shown), the last
 * column not padded, and no ellipsizing. Not thread-safe.
 */
final class Table {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<List<String>> hidden = new ArrayList<>();

    /** Columns by header; a header starting with {@code >} is right-aligned (the {@code >} is dropped). */
    Table(String... headers) {
        this.headers = new ArrayList<>();
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].startsWith(">");
            this.headers.add(rightAligned[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    void row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
    }

    /** A row that is not printed but still counts for the column widths (as busctl's filtered rows do). */
    void hiddenRow(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        hidden.add(List.of(cells));
    }

    /** The table, one line per row, each ending in a newline; with the header line if {@code legend}. */
    String render(boolean legend) {
        return render(legend, false);
    }

    /**
     * The table; {@code headerWidths} makes a hidden header still count for the column widths, as
     * busctl introspect's does (busctl list's does not).
     */
    String render(boolean legend, boolean headerWidths) {
        var all = new ArrayList<List<String>>();
        if (legend) {
            all.add(headers);
        }
        all.addAll(rows);
        int[] widths = new int[headers.size()];
        var measured = new ArrayList<>(all);
        measured.addAll(hidden);
        if (!legend && headerWidths) {
            measured.add(headers);
        }
        for (List<String> row : measured) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
            }
        }
        var sb = new StringBuilder();
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                String cell = row.get(i);
                boolean last = i == widths.length - 1;
                String pad = " ".repeat(widths[i] - cell.codePointCount(0, cell.length()));
                if (rightAligned[i]) {
                    sb.append(pad).append(cell);
                } else {
                    sb.append(cell);
                    if (!last) {
                        sb.append(pad);
                    }
                }
                if (!last) {
                    sb.append(' ');
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
