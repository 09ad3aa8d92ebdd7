package dev.mailroom.sdk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small, strict JSON reader and writer (RFC 8259), so the SDK has no runtime dependency and never fights its
 * users' Jackson version. Reading gives {@code Map<String,Object>} (insertion order, unmodifiable),
 * {@code List<Object>} (unmodifiable), {@link String}, {@link Long} (integers that fit) or {@link BigDecimal} (every
 * other number), {@link Boolean} and {@code null}. Strict: one value and nothing after it but whitespace, no
 * comments, no trailing commas, no leading zeros, no unescaped control characters, no lone surrogates in
 * {@code \\u} escapes, duplicate keys refused, nesting capped at {@value #MAX_DEPTH}. Writing accepts those types
 * plus any {@link Number}, {@link JsonObject}, {@link Optional}, {@link Enum}, {@link Instant}/temporal values and
 * {@link Iterable}/arrays of them. Pure logic, thread-safe.
 */
final class Json {

    static final int MAX_DEPTH = 512;

    private Json() {
    }

    /** Thrown for text that is not one valid JSON value; the message names the offset. */
    static final class ParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ParseException(String message, int offset) {
            super(message + " at offset " + offset);
        }
    }

    static Object parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    static Object parse(String text) {
        Reader r = new Reader(text);
        r.skipWhitespace();
        Object value = r.value(0);
        r.skipWhitespace();
        if (r.pos != text.length()) {
            throw new ParseException("unexpected content after the value", r.pos);
        }
        return value;
    }

    /** Parses text that must be one JSON object. */
    static JsonObject parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new ParseException("expected a JSON object", 0);
        }
        return JsonObject.wrap(cast(v));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    static byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nesting deeper than " + MAX_DEPTH);
        }
        if (v instanceof Optional<?> o) {
            v = o.orElse(null);
        }
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            out.append(v);
        } else if (v instanceof BigDecimal d) {
            out.append(d.toString());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no NaN or infinity");
            }
            out.append(BigDecimal.valueOf(d).stripTrailingZeros().toString());
        } else if (v instanceof Number n) {
            out.append(new BigDecimal(n.toString()));
        } else if (v instanceof JsonObject o) {
            write(out, o.toMap(), depth);
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue(), depth + 1);
            }
            out.append('}');
        } else if (v instanceof Iterable<?> it) {
            out.append('[');
            boolean first = true;
            for (Object e : it) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, e, depth + 1);
            }
            out.append(']');
        } else if (v instanceof Object[] a) {
            write(out, List.of(a), depth);
        } else if (v instanceof Enum<?> e) {
            string(out, e.name());
        } else if (v instanceof TemporalAccessor t) {
            string(out, t.toString());
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new ParseException("nesting deeper than " + MAX_DEPTH, pos);
            }
            if (pos >= s.length()) {
                throw new ParseException("unexpected end of input", pos);
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw new ParseException("unexpected character '" + printable(c) + "'", pos);
                }
            };
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw new ParseException("invalid literal", pos);
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> object(int depth) {
            pos++; // {
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw new ParseException("expected a string key", pos);
                }
                int keyAt = pos;
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object v = value(depth + 1);
                if (map.containsKey(key)) {
                    throw new ParseException("duplicate key \"" + key + "\"", keyAt);
                }
                map.put(key, v);
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    return Collections.unmodifiableMap(map);
                }
                if (c != ',') {
                    throw new ParseException("expected ',' or '}'", pos - 1);
                }
            }
        }

        private List<Object> array(int depth) {
            pos++; // [
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth + 1));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return Collections.unmodifiableList(list);
                }
                if (c != ',') {
                    throw new ParseException("expected ',' or ']'", pos - 1);
                }
            }
        }

        private String string() {
            pos++; // "
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new ParseException("unterminated string", pos);
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new ParseException("unescaped control character in a string", pos - 1);
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw new ParseException("unterminated escape", pos);
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        char u = hex4();
                        if (Character.isHighSurrogate(u)) {
                            if (!s.startsWith("\\u", pos)) {
                                throw new ParseException("high surrogate without its low surrogate", pos);
                            }
                            pos += 2;
                            char low = hex4();
                            if (!Character.isLowSurrogate(low)) {
                                throw new ParseException("high surrogate without its low surrogate", pos - 6);
                            }
                            out.append(u).append(low);
                        } else if (Character.isLowSurrogate(u)) {
                            throw new ParseException("low surrogate without a high surrogate", pos - 6);
                        } else {
                            out.append(u);
                        }
                    }
                    default -> throw new ParseException("invalid escape '\\" + printable(e) + "'", pos - 2);
                }
            }
        }

        private char hex4() {
            if (pos + 4 > s.length()) {
                throw new ParseException("truncated \\u escape", pos);
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0) {
                    throw new ParseException("invalid \\u escape", pos);
                }
                v = v * 16 + d;
            }
            pos += 4;
            return (char) v;
        }

        private Object number() {
            int start = pos;
            boolean integral = true;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
                if (isDigit(peek())) {
                    throw new ParseException("leading zero in a number", start);
                }
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw new ParseException("invalid number", start);
            }
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) {
                    throw new ParseException("a digit must follow the decimal point", pos);
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw new ParseException("a digit must follow the exponent", pos);
                }
                digits();
            }
            String text = s.substring(start, pos);
            if (integral && text.length() <= 20) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException tooBig) {
                    // falls through to BigDecimal
                }
            }
            return new BigDecimal(text);
        }

        private void digits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new ParseException("expected '" + c + "'", pos);
            }
            pos++;
        }

        private static String printable(char c) {
            return c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }
    }
}
