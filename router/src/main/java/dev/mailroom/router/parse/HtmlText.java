package dev.mailroom.router.parse;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plain text from an HTML body, for mail that has no text/plain part. A small forgiving scanner, not a browser:
 * tags are removed ({@code script}, {@code style}, {@code head} and comments with their content), block elements
 * and {@code <br>} become line breaks, whitespace collapses as in HTML (except inside {@code <pre>}), character
 * references are decoded (numeric ones and the common named ones). When asked to drop quotes it also removes
 * {@code <blockquote>} elements, Gmail's {@code gmail_quote}, Yahoo's {@code yahoo_quoted} and Thunderbird's
 * {@code moz-cite-prefix} blocks, and stops at Outlook's {@code divRplyFwdMsg} / {@code appendonsend} markers.
 */
public final class HtmlText {

    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title", "template", "noscript");
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
            "h6", "table", "ul", "ol", "blockquote", "pre", "hr", "section", "article", "header", "footer", "dl",
            "dt", "dd", "address", "center", "form", "fieldset", "figure", "main", "nav", "aside", "tbody", "thead");
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("copy", "©"), Map.entry("reg", "®"),
            Map.entry("trade", "™"), Map.entry("hellip", "…"), Map.entry("mdash", "—"), Map.entry("ndash", "–"),
            Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"),
            Map.entry("laquo", "«"), Map.entry("raquo", "»"), Map.entry("bull", "•"), Map.entry("middot", "·"),
            Map.entry("euro", "€"), Map.entry("pound", "£"), Map.entry("yen", "¥"), Map.entry("cent", "¢"),
            Map.entry("sect", "§"), Map.entry("deg", "°"), Map.entry("times", "×"), Map.entry("divide", "÷"),
            Map.entry("auml", "ä"), Map.entry("ouml", "ö"), Map.entry("uuml", "ü"), Map.entry("Auml", "Ä"),
            Map.entry("Ouml", "Ö"), Map.entry("Uuml", "Ü"), Map.entry("szlig", "ß"), Map.entry("eacute", "é"),
            Map.entry("egrave", "è"), Map.entry("ecirc", "ê"), Map.entry("agrave", "à"), Map.entry("aacute", "á"),
            Map.entry("ccedil", "ç"), Map.entry("ntilde", "ñ"), Map.entry("oacute", "ó"), Map.entry("iacute", "í"),
            Map.entry("uacute", "ú"), Map.entry("zwnj", ""), Map.entry("zwj", ""), Map.entry("shy", ""));

    private HtmlText() {
    }

    /** The text of {@code html}; quoted history removed when {@code dropQuotes}; null when html is null. */
    public static String toText(String html, boolean dropQuotes) {
        if (html == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(html.length(), 1 << 20));
        int pre = 0;
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c != '<') {
                int next = html.indexOf('<', i);
                int end = next < 0 ? n : next;
                appendText(out, decodeEntities(html.substring(i, end)), pre > 0);
                i = end;
                continue;
            }
            if (html.startsWith("<!--", i)) {
                int close = html.indexOf("-->", i + 4);
                i = close < 0 ? n : close + 3;
                continue;
            }
            Tag tag = Tag.read(html, i);
            if (tag == null) {
                appendText(out, "<", pre > 0);
                i++;
                continue;
            }
            i = tag.end;
            if (tag.closing) {
                if (tag.name.equals("pre") && pre > 0) {
                    pre--;
                }
                if (BLOCKS.contains(tag.name)) {
                    newline(out, false);
                }
                continue;
            }
            if (SKIPPED.contains(tag.name) && !tag.selfClosing) {
                i = skipElement(html, i, tag.name);
                continue;
            }
            if (dropQuotes) {
                String attrs = tag.attributes.toLowerCase(Locale.ROOT);
                if (attrs.contains("divrplyfwdmsg") || attrs.contains("appendonsend")) {
                    break;
                }
                if (tag.name.equals("blockquote") || attrs.contains("gmail_quote") || attrs.contains("yahoo_quoted")
                        || attrs.contains("moz-cite-prefix")) {
                    newline(out, false);
                    i = skipElement(html, i, tag.name);
                    continue;
                }
            }
            if (tag.name.equals("pre")) {
                pre++;
            }
            if (tag.name.equals("li")) {
                newline(out, false);
                out.append("- ");
            } else if (tag.name.equals("td") || tag.name.equals("th")) {
                out.append(' ');
            } else if (BLOCKS.contains(tag.name)) {
                newline(out, tag.name.equals("br"));
            }
        }
        return tidy(out);
    }

    /** Index after the element that started before {@code from}, counting nested elements of the same name. */
    private static int skipElement(String html, int from, String name) {
        int depth = 1;
        int i = from;
        while (i < html.length()) {
            int lt = html.indexOf('<', i);
            if (lt < 0) {
                return html.length();
            }
            Tag tag = Tag.read(html, lt);
            if (tag == null) {
                i = lt + 1;
                continue;
            }
            i = tag.end;
            if (!tag.name.equals(name) || tag.selfClosing) {
                continue;
            }
            depth += tag.closing ? -1 : 1;
            if (depth == 0) {
                return i;
            }
        }
        return html.length();
    }

    private static void appendText(StringBuilder out, String text, boolean pre) {
        if (pre) {
            out.append(text);
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                int len = out.length();
                if (len > 0 && out.charAt(len - 1) != ' ' && out.charAt(len - 1) != '\n') {
                    out.append(' ');
                }
            } else {
                out.append(c);
            }
        }
    }

    /** Ends the current line; a second one in a row only for {@code <br>} (blank lines are kept at most one). */
    private static void newline(StringBuilder out, boolean force) {
        int len = out.length();
        while (len > 0 && out.charAt(len - 1) == ' ') {
            out.setLength(--len);
        }
        if (force || (len > 0 && out.charAt(len - 1) != '\n')) {
            out.append('\n');
        }
    }

    /** Lines trimmed, at most one blank line in a row, no blank lines at either end. */
    private static String tidy(StringBuilder out) {
        String[] lines = out.toString().replace('\u00a0', ' ').split("\n", -1);
        StringBuilder text = new StringBuilder(out.length());
        int blanks = 0;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                blanks++;
                continue;
            }
            if (text.length() > 0) {
                text.append(blanks > 0 ? "\n\n" : "\n");
            }
            text.append(trimmed);
            blanks = 0;
        }
        return text.toString();
    }

    static String decodeEntities(String text) {
        int amp = text.indexOf('&');
        if (amp < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (amp >= 0) {
            out.append(text, i, amp);
            int semi = text.indexOf(';', amp);
            String replacement = semi < 0 || semi - amp > 12 ? null : entity(text.substring(amp + 1, semi));
            if (replacement == null) {
                out.append('&');
                i = amp + 1;
            } else {
                out.append(replacement);
                i = semi + 1;
            }
            amp = text.indexOf('&', i);
        }
        out.append(text, i, text.length());
        return out.toString();
    }

    private static String entity(String name) {
        if (name.startsWith("#")) {
            try {
                int code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(code) && code != 0 ? new String(Character.toChars(code)) : "\ufffd";
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String value = ENTITIES.get(name);
        return value != null ? value : ENTITIES.get(name.toLowerCase(Locale.ROOT));
    }

    /** One tag: lower-case name, whether closing ({@code </x>}) or self-closing, raw attributes, end index. */
    private record Tag(String name, boolean closing, boolean selfClosing, String attributes, int end) {

        static Tag read(String html, int lt) {
            int i = lt + 1;
            boolean closing = i < html.length() && html.charAt(i) == '/';
            if (closing) {
                i++;
            }
            int nameStart = i;
            while (i < html.length() && (Character.isLetterOrDigit(html.charAt(i)) || html.charAt(i) == ':'
                    || html.charAt(i) == '-')) {
                i++;
            }
            if (i == nameStart) {
                if (!closing && i < html.length() && (html.charAt(i) == '!' || html.charAt(i) == '?')) {
                    int gt = html.indexOf('>', i);
                    int end = gt < 0 ? html.length() : gt + 1;
                    return new Tag("!", false, true, "", end);
                }
                return null;
            }
            String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
            int gt = endOfTag(html, i);
            String attributes = html.substring(i, Math.max(i, gt < 0 ? html.length() : gt));
            boolean selfClosing = attributes.endsWith("/");
            return new Tag(name, closing, selfClosing, attributes, gt < 0 ? html.length() : gt + 1);
        }

        /** The '>' ending the tag, skipping quoted attribute values; -1 when none. */
        private static int endOfTag(String html, int from) {
            char quote = 0;
            for (int i = from; i < html.length(); i++) {
                char c = html.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    return i;
                }
            }
            return -1;
        }
    }
}
