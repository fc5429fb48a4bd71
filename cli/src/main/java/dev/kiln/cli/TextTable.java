package dev.kiln.cli;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Renders rows as a plain-text table with a header, for people (machine output is {@code --json}). */
final class TextTable {

    private TextTable() {
    }

    static String render(List<String> headers, List<List<Object>> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(headers);
        for (List<Object> row : rows) {
            cells.add(row.stream().map(TextTable::cell).toList());
        }
        int[] widths = new int[headers.size()];
        for (List<String> row : cells) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        String rule = rule(widths);
        out.append(rule);
        for (int r = 0; r < cells.size(); r++) {
            out.append('|');
            for (int c = 0; c < widths.length; c++) {
                String v = cells.get(r).get(c);
                out.append(' ').append(v).append(" ".repeat(widths[c] - v.length())).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append(rule);
            }
        }
        out.append(rule);
        return out.toString();
    }

    private static String rule(int[] widths) {
        StringBuilder b = new StringBuilder("+");
        for (int w : widths) {
            b.append("-".repeat(w + 2)).append('+');
        }
        return b.append('\n').toString();
    }

    /** NULL prints as {@code null}, a BLOB as {@code x'..'} (SQLite's literal), anything else as text on one line. */
    private static String cell(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "x'" + HexFormat.of().formatHex(bytes) + "'";
        }
        return value.toString().replace("\n", "\\n");
    }
}
