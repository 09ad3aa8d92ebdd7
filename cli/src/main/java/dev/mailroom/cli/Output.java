package dev.mailroom.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.mailroom.sdk.JsonObject;

/**
 * What the CLI prints: pretty JSON ({@code --json}: the API's objects as they are, lists as arrays), human tables
 * (columns padded, cells on one line, long cells cut), and key/value blocks. Stdout carries results only; progress
 * and errors go to stderr, so {@code mailroom ... --json | jq} always sees JSON.
 */
public final class Output {

    static final int MAX_CELL = 60;

    private final PrintStream out;
    private final PrintStream err;

    public Output(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public void line(String s) {
        out.println(s);
    }

    /** Progress or a hint, on stderr. */
    public void note(String s) {
        err.println(s);
    }

    public void json(Object value) {
        out.println(pretty(value));
    }

    /** A table: one row per item, {@code columns} as header; {@code (none)} when empty. */
    public void table(List<String> columns, List<List<String>> rows) {
        out.print(table(columns, rows, MAX_CELL));
    }

    /** A table whose cells are never cut (values to copy, e.g. DNS records). */
    public void fullTable(List<String> columns, List<List<String>> rows) {
        out.print(table(columns, rows, Integer.MAX_VALUE));
    }

    static String table(List<String> columns, List<List<String>> rows, int maxCell) {
        if (rows.isEmpty()) {
            return "(none)\n";
        }
        int[] width = new int[columns.size()];
        List<List<String>> cells = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> c = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String v = cell(i < row.size() ? row.get(i) : null, maxCell);
                c.add(v);
                width[i] = Math.max(width[i], v.length());
            }
            cells.add(c);
        }
        for (int i = 0; i < columns.size(); i++) {
            width[i] = Math.max(width[i], columns.get(i).length());
        }
        StringBuilder b = new StringBuilder();
        appendRow(b, columns.stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList(), width);
        cells.forEach(r -> appendRow(b, r, width));
        return b.toString();
    }

    private static void appendRow(StringBuilder b, List<String> row, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(row.get(i));
            if (i < row.size() - 1) {
                line.append(" ".repeat(width[i] - row.get(i).length()));
            }
        }
        b.append(line.toString().stripTrailing()).append('\n');
    }

    /** One line, control characters replaced, cut to {@code max} with an ellipsis; {@code -} when empty. */
    static String cell(String v, int max) {
        if (v == null || v.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        v.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String s = b.toString().strip().replaceAll(" {2,}", " ");
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    /** Labelled lines ({@code name: value}) aligned on the colon, empty values skipped. */
    public void fields(List<String[]> pairs) {
        int w = pairs.stream().filter(p -> p[1] != null && !p[1].isEmpty()).mapToInt(p -> p[0].length()).max()
                .orElse(0);
        for (String[] p : pairs) {
            if (p[1] != null && !p[1].isEmpty()) {
                out.println(p[0] + ":" + " ".repeat(w - p[0].length() + 1) + p[1]);
            }
        }
    }

    /** JSON with two-space indentation and {@code "key": value} (the shape of Python's json.dumps(indent=2)). */
    public static String pretty(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, "", true);
        return b.toString();
    }

    /** One JSON value on one line (NDJSON output, the MCP bridge). */
    public static String compact(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, "", false);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, String indent, boolean pretty) {
        if (v instanceof JsonObject j) {
            v = j.toMap();
        }
        String inner = pretty ? indent + "  " : "";
        String nl = pretty ? "\n" : "";
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            quote(b, s);
        } else if (v instanceof Boolean || v instanceof Number) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append('{').append(nl);
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(inner);
                quote(b, String.valueOf(e.getKey()));
                b.append(pretty ? ": " : ":");
                write(b, e.getValue(), inner, pretty);
                b.append(++i < m.size() ? "," : "").append(nl);
            }
            b.append(pretty ? indent : "").append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append('[').append(nl);
            int i = 0;
            for (Object o : c) {
                b.append(inner);
                write(b, o, inner, pretty);
                b.append(++i < c.size() ? "," : "").append(nl);
            }
            b.append(pretty ? indent : "").append(']');
        } else {
            quote(b, String.valueOf(v));
        }
    }

    /** {@code s} as a JSON string, escaped by the SDK's writer (one JSON dialect in the jar). */
    static void quote(StringBuilder b, String s) {
        String one = JsonObject.of(java.util.Collections.singletonMap("", s)).toString(); // {"":"..."}
        b.append(one, 4, one.length() - 1);
    }
}
