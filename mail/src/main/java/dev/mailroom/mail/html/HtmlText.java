package dev.mailroom.mail.html;

import java.util.Locale;
import java.util.Set;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Plain text from an HTML body, for mail that has no text/plain part, read with jsoup's HTML5 parser. Elements are
 * removed ({@code script}, {@code style}, {@code head}, {@code title}, {@code template}, {@code noscript} and comments
 * with their content), block elements and {@code <br>} become line breaks, whitespace collapses as in HTML (except
 * inside {@code <pre>}), character references are decoded. When asked to drop quotes it also removes
 * {@code <blockquote>} elements, Gmail's {@code gmail_quote}, Yahoo's {@code yahoo_quoted} and Thunderbird's
 * {@code moz-cite-prefix} blocks, and stops at Outlook's {@code divRplyFwdMsg} / {@code appendonsend} markers.
 * <p>
 * Safe on hostile input: only the first {@link #MAX_HTML_CHARS} characters are parsed, elements nest at most
 * {@link #MAX_DEPTH} deep (deeper ones are attached at that depth: text is kept), the text stops at
 * {@link #MAX_TEXT_CHARS} characters, and the walk is iterative (no recursion). HTML has no entity definitions
 * (a DOCTYPE's internal subset is ignored), so references never expand beyond one character each; nothing is ever
 * fetched (no base URI, no resources loaded). Thread-safe: every call uses its own parser.
 */
public final class HtmlText {

    /** Characters of HTML read; the rest is ignored (a mail body beyond 4 Mi characters is not conversation). */
    public static final int MAX_HTML_CHARS = 4 << 20;
    /** Characters of text returned at most. */
    public static final int MAX_TEXT_CHARS = 1 << 20;
    /** Element nesting kept by the parser. */
    public static final int MAX_DEPTH = 256;

    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title", "template", "noscript");
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
            "h6", "table", "ul", "ol", "blockquote", "pre", "hr", "section", "article", "header", "footer", "dl",
            "dt", "dd", "address", "center", "form", "fieldset", "figure", "main", "nav", "aside", "tbody", "thead");
    private static final Set<String> QUOTE_CLASSES = Set.of("gmail_quote", "yahoo_quoted", "moz-cite-prefix");
    private static final Set<String> REPLY_MARKERS = Set.of("divrplyfwdmsg", "appendonsend");

    private HtmlText() {
    }

    /** The text of {@code html}; quoted history removed when {@code dropQuotes}; null when html is null. */
    public static String toText(String html, boolean dropQuotes) {
        if (html == null) {
            return null;
        }
        String input = html.length() > MAX_HTML_CHARS ? html.substring(0, MAX_HTML_CHARS) : html;
        Document doc = Parser.htmlParser().setMaxDepth(MAX_DEPTH).parseInput(input, "");
        Walk walk = new Walk(dropQuotes);
        NodeTraversor.filter(walk, doc);
        return tidy(walk.out);
    }

    /** The depth-first walk writing text; stops at the text bound or an Outlook reply marker. */
    private static final class Walk implements NodeFilter {
        private final boolean dropQuotes;
        private final StringBuilder out = new StringBuilder();
        private int pre;

        Walk(boolean dropQuotes) {
            this.dropQuotes = dropQuotes;
        }

        @Override
        public FilterResult head(Node node, int depth) {
            if (out.length() >= MAX_TEXT_CHARS) {
                return FilterResult.STOP;
            }
            if (node instanceof TextNode text) {
                appendText(out, text.getWholeText(), pre > 0);
                return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element element)) {
                return node instanceof Document ? FilterResult.CONTINUE : FilterResult.SKIP_ENTIRELY; // comments
            }
            String name = element.normalName();
            if (SKIPPED.contains(name)) {
                return FilterResult.SKIP_ENTIRELY;
            }
            if (dropQuotes) {
                String attrs = element.attributes().html().toLowerCase(Locale.ROOT);
                if (REPLY_MARKERS.stream().anyMatch(attrs::contains)) {
                    return FilterResult.STOP;
                }
                if (name.equals("blockquote") || QUOTE_CLASSES.stream().anyMatch(attrs::contains)) {
                    newline(out, false);
                    return FilterResult.SKIP_ENTIRELY;
                }
            }
            if (name.equals("pre")) {
                pre++;
            }
            if (name.equals("li")) {
                newline(out, false);
                out.append("- ");
            } else if (name.equals("td") || name.equals("th")) {
                out.append(' ');
            } else if (BLOCKS.contains(name)) {
                newline(out, name.equals("br"));
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element element) {
                String name = element.normalName();
                if (name.equals("pre") && pre > 0) {
                    pre--;
                }
                if (BLOCKS.contains(name)) {
                    newline(out, false);
                }
            }
            return out.length() >= MAX_TEXT_CHARS ? FilterResult.STOP : FilterResult.CONTINUE;
        }
    }

    private static void appendText(StringBuilder out, String text, boolean pre) {
        int room = MAX_TEXT_CHARS - out.length();
        if (pre) {
            out.append(text, 0, Math.min(text.length(), Math.max(room, 0)));
            return;
        }
        for (int i = 0; i < text.length() && out.length() < MAX_TEXT_CHARS; i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                int len = out.length();
                if (len > 0 && out.charAt(len - 1) != ' ' && out.charAt(len - 1) != '\n') {
                    out.append(' ');
                }
            } else if (c != '\u200c' && c != '\u200d' && c != '\u00ad') { // zwnj, zwj, shy: invisible
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
}
