package dev.mailroom.mailbox.render;

import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * A message body as an HTML document safe to show in the inbox app's sandboxed iframe (ADR 0040). Pure logic: what
 * is kept is an allow-list (jsoup's {@link Cleaner}): no script, no event handler, no form, object, embed, iframe,
 * meta, base, link or SVG; links only {@code http}, {@code https}, {@code mailto}, {@code tel}, opening in a new
 * browsing context without a referrer or opener; relative URLs are dropped, never resolved against the message's own
 * {@code <base href>}. Images: {@code cid:} references become {@code data:} URIs of the
 * message's own raster parts (a missing or unusable part becomes a visible placeholder); remote images
 * ({@code src}, {@code srcset}, {@code background}, CSS {@code url(...)} in style attributes and {@code <style>}
 * blocks) are removed and counted while blocked. CSS loses {@code @import}, {@code @font-face}, {@code expression()},
 * bindings and image functions other than {@code url()}; CSS escapes are decoded first so that they cannot hide any of it. The answer's
 * Content-Security-Policy is the second, independent layer.
 */
public final class BodySanitizer {

    /** A part of the message an HTML body refers to by {@code cid:}. */
    public record InlinePart(String contentType, byte[] bytes) {
    }

    /** The safe document and how many remote images were removed (0 when they were allowed). */
    public record Result(String html, int remoteImages) {
    }

    /** Raster types shown inline; never SVG. */
    public static final Set<String> RASTER = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    /** Largest part inlined as a {@code data:} URI. */
    public static final int MAX_INLINE_BYTES = 5 * 1024 * 1024;

    private static final String HEAD = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            + "<meta name=\"referrer\" content=\"no-referrer\">"
            + "<style>body{margin:8px;font-family:system-ui,-apple-system,\"Segoe UI\",sans-serif;"
            + "overflow-wrap:anywhere}img{max-width:100%;height:auto}pre.mailroom-text{white-space:pre-wrap;"
            + "font:inherit;margin:0}.mailroom-missing{color:#555;font-style:italic}</style></head><body>";
    private static final String TAIL = "</body></html>";

    private static final Safelist SAFE = Safelist.relaxed()
            .addTags("font", "center", "hr", "style", "s", "del", "ins", "abbr", "mark", "big", "tt", "kbd",
                    "samp", "var", "section", "article", "header", "footer", "main", "figure", "figcaption",
                    "address", "bdi", "bdo", "wbr")
            .addAttributes(":all", "style", "class", "align", "valign", "dir", "lang", "title", "width", "height",
                    "bgcolor", "color", "border", "nowrap")
            .addAttributes("table", "cellpadding", "cellspacing", "background")
            .addAttributes("td", "background")
            .addAttributes("th", "background")
            .addAttributes("tr", "background")
            .addAttributes("div", "background")
            .addAttributes("font", "face", "size")
            .addProtocols("a", "href", "tel")
            .removeProtocols("a", "href", "ftp")
            .addProtocols("img", "src", "cid")
            .addProtocols("table", "background", "http", "https", "cid")
            .addProtocols("td", "background", "http", "https", "cid")
            .addProtocols("th", "background", "http", "https", "cid")
            .addProtocols("tr", "background", "http", "https", "cid")
            .addProtocols("div", "background", "http", "https", "cid")
            .preserveRelativeLinks(false);

    private static final Pattern URL = Pattern.compile("url\\(\\s*(['\"]?)(.*?)\\1\\s*\\)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern IMPORT = Pattern.compile("@import[^;]*;?", Pattern.CASE_INSENSITIVE);
    private static final Pattern AT_BLOCK = Pattern.compile("@(font-face|-moz-document|namespace)[^{;]*(\\{[^}]*\\}|;)",
            Pattern.CASE_INSENSITIVE);
    /** A declaration with something that runs code or loads what url() does not show: removed whole. */
    private static final Pattern DANGEROUS = Pattern.compile("[^;{}]*(-moz-binding|behavior\\s*:|javascript:"
            + "|vbscript:|expression\\s*\\(|image-set\\s*\\(|cross-fade\\s*\\(|element\\s*\\(|image\\s*\\("
            + "|src\\s*\\()[^;{}]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ESCAPE = Pattern.compile("\\\\([0-9a-fA-F]{1,6})\\s?|\\\\(.)", Pattern.DOTALL);
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?(\\*/|$)", Pattern.DOTALL);
    private static final Pattern DATA_IMAGE = Pattern.compile("data:image/(png|jpeg|gif|webp)[;,].*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private BodySanitizer() {
    }

    /**
     * {@code html} made safe. {@code parts} finds a part by Content-ID (without angle brackets; null when there is
     * none); {@code allowImages} keeps remote {@code http(s)} images.
     */
    public static Result html(String html, Function<String, InlinePart> parts, boolean allowImages) {
        Document dirty = Jsoup.parse(html == null ? "" : html);
        // the parser takes the message's own <base href> as the document's base URI, and the cleaner would then
        // resolve every relative URL against that sender-chosen address: relative URLs in mail have no meaningful
        // base, so forget it (the cleaner then drops them as it does without a base)
        dirty.select("base").remove();
        dirty.setBaseUri("");
        // <style> of the head would be lost by the cleaner (it copies the body): move it into the body
        for (Element style : dirty.head().select("style")) {
            style.remove();
            dirty.body().prependChild(style);
        }
        int[] remote = {0};
        for (Element e : dirty.select("img[srcset], source[srcset]")) {
            if (!allowImages && e.attr("srcset").toLowerCase(Locale.ROOT).contains("http")) {
                remote[0]++;
            }
        }
        Document clean = new Cleaner(SAFE).clean(dirty);
        for (Element img : clean.select("img")) {
            String src = img.attr("src").trim();
            String lower = src.toLowerCase(Locale.ROOT);
            if (lower.startsWith("cid:")) {
                String data = inline(src.substring(4), parts);
                if (data == null) {
                    img.replaceWith(missing(img));
                } else {
                    img.attr("src", data);
                }
            } else if (lower.startsWith("http:") || lower.startsWith("https:")) {
                if (!allowImages) {
                    remote[0]++;
                    img.removeAttr("src");
                    img.attr("alt", img.attr("alt").isBlank() ? "[image]" : img.attr("alt"));
                }
            } else if (img.hasAttr("src")) {
                img.removeAttr("src");
            }
        }
        for (Element e : clean.select("[background]")) {
            String value = e.attr("background").trim();
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.startsWith("cid:")) {
                String data = inline(value.substring(4), parts);
                if (data == null) {
                    e.removeAttr("background");
                } else {
                    e.attr("background", data);
                }
            } else if (!allowImages || !(lower.startsWith("http:") || lower.startsWith("https:"))) {
                remote[0] += lower.startsWith("http") ? 1 : 0;
                e.removeAttr("background");
            }
        }
        for (Element e : clean.select("[style]")) {
            String css = css(e.attr("style"), parts, allowImages, remote);
            if (css.isBlank()) {
                e.removeAttr("style");
            } else {
                e.attr("style", css);
            }
        }
        for (Element style : clean.select("style")) {
            String css = css(style.data(), parts, allowImages, remote);
            style.empty();
            style.appendChild(new DataNode(css));
        }
        for (Element a : clean.select("a")) {
            if (a.hasAttr("href")) {
                a.attr("target", "_blank").attr("rel", "noopener noreferrer");
            }
        }
        clean.outputSettings().prettyPrint(false).charset("UTF-8").escapeMode(Entities.EscapeMode.base);
        return new Result(HEAD + clean.body().html() + TAIL, remote[0]);
    }

    /** How many remote images {@link #html} blocks in {@code html} (what {@code remote_images} tells). */
    public static int remoteImages(String html) {
        if (html == null || html.isBlank()) {
            return 0;
        }
        return html(html, cid -> null, false).remoteImages();
    }

    /** A text body as an HTML document: escaped, in a {@code <pre>} that wraps. */
    public static String text(String text) {
        return HEAD + "<pre class=\"mailroom-text\">" + Entities.escape(text == null ? "" : text) + "</pre>" + TAIL;
    }

    /** A part as a {@code data:} URI when it is a raster image of at most {@link #MAX_INLINE_BYTES}; else null. */
    private static String inline(String contentId, Function<String, InlinePart> parts) {
        String id = contentId.trim();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        InlinePart part = id.isEmpty() ? null : parts.apply(id);
        if (part == null || part.bytes() == null || part.bytes().length > MAX_INLINE_BYTES) {
            return null;
        }
        String type = part.contentType() == null ? "" : part.contentType().split(";", 2)[0].trim()
                .toLowerCase(Locale.ROOT);
        if (!RASTER.contains(type)) {
            return null;
        }
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(part.bytes());
    }

    private static Element missing(Element img) {
        String alt = img.attr("alt").isBlank() ? "image" : img.attr("alt");
        return new Element("span").addClass("mailroom-missing").text("[" + alt + " not available]");
    }

    /**
     * CSS made safe: escapes decoded and comments removed (nothing hides behind them), {@code @import} and
     * {@code @font-face} dropped, declarations with code or image functions other than {@code url()} dropped whole,
     * {@code url()} kept only for
     * {@code data:} raster images, {@code cid:} parts and (allowed) remote images, {@code <} escaped so the text
     * cannot close its {@code <style>} element.
     */
    static String css(String css, Function<String, InlinePart> parts, boolean allowImages, int[] remote) {
        String s = decode(css == null ? "" : css);
        s = COMMENT.matcher(s).replaceAll(" ");
        s = IMPORT.matcher(s).replaceAll("");
        s = AT_BLOCK.matcher(s).replaceAll("");
        s = DANGEROUS.matcher(s).replaceAll("");
        Matcher m = URL.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(2).trim();
            if (value.startsWith("//")) {
                value = "https:" + value;
            }
            String lower = value.toLowerCase(Locale.ROOT);
            String replacement;
            if (DATA_IMAGE.matcher(value).matches() && !value.contains(")") && !value.contains("'")
                    && !value.contains("\"")) {
                replacement = "url(\"" + value + "\")";
            } else if (lower.startsWith("cid:")) {
                String data = inline(value.substring(4), parts);
                replacement = data == null ? "none" : "url(\"" + data + "\")";
            } else if ((lower.startsWith("http:") || lower.startsWith("https:")) && allowImages
                    && value.matches("[^\"'()\\s\\\\]+")) {
                replacement = "url(\"" + value + "\")";
            } else {
                if (lower.startsWith("http")) {
                    remote[0]++;
                }
                replacement = "none";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("<", "\\3c ");
    }

    /** CSS escapes ({@code \75}, {@code \r}) as the characters they stand for. */
    private static String decode(String css) {
        if (css.indexOf('\\') < 0) {
            return css;
        }
        Matcher m = ESCAPE.matcher(css);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String c;
            if (m.group(1) != null) {
                int cp = Integer.parseInt(m.group(1), 16);
                c = cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? "\uFFFD" : new String(
                        Character.toChars(cp));
            } else {
                c = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(c));
        }
        m.appendTail(out);
        return out.toString();
    }
}
