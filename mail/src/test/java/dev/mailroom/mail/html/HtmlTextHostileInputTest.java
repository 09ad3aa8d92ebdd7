package dev.mailroom.mail.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** HTML built to hurt the converter: each case fails without the bound it names. */
class HtmlTextHostileInputTest {

    @Test
    void hugeDocumentGivesAtMostMaxTextChars() {
        String html = "<p>" + "word ".repeat(HtmlText.MAX_TEXT_CHARS / 2) + "</p>"; // 2.5 Mi characters of text
        String text = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> HtmlText.toText(html, false));
        assertTrue(text.length() <= HtmlText.MAX_TEXT_CHARS, "text length " + text.length());
        assertTrue(text.startsWith("word word"));
    }

    @Test
    void hugePreformattedTextIsBoundedToo() {
        String html = "<pre>" + "x".repeat(HtmlText.MAX_TEXT_CHARS + 10_000) + "</pre>";
        assertEquals(HtmlText.MAX_TEXT_CHARS, HtmlText.toText(html, false).length());
    }

    @Test
    void inputBeyondMaxHtmlCharsIsNotRead() {
        String html = "<div>" + " ".repeat(HtmlText.MAX_HTML_CHARS) + "</div><p>tail</p>";
        assertEquals("", HtmlText.toText(html, false));
    }

    @Test
    void deepNestingKeepsTheTextAndEndsQuickly() {
        int depth = 200_000;
        String html = "<div>".repeat(depth) + "deep" + "</div>".repeat(depth) + "<p>after</p>";
        String text = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> HtmlText.toText(html, false));
        assertEquals("deep\nafter", text);
    }

    @Test
    void deeplyNestedInlineElementsAndTablesEndQuickly() {
        int depth = 50_000;
        String html = "<table><tr><td>".repeat(depth) + "cell" + "<b><i><span>".repeat(depth) + "x";
        String text = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> HtmlText.toText(html, false));
        assertTrue(text.contains("cell") && text.endsWith("x"), text.length() > 200 ? text.substring(0, 200) : text);
    }

    @Test
    void doctypeEntityDefinitionsDoNotExpand() {
        StringBuilder html = new StringBuilder("<!DOCTYPE html [<!ENTITY a \"aaaaaaaaaa\">");
        for (int i = 1; i < 10; i++) {
            html.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        html.append("]><html><body><p>&a9;</p></body></html>");
        String text = HtmlText.toText(html.toString(), false);
        assertTrue(text.length() < 100, "expanded to " + text.length() + " characters");
    }

    @Test
    void manyCharacterReferencesStayWithinTheBound() {
        String html = "<p>" + "&#x1F600;&amp;&lt;".repeat(HtmlText.MAX_TEXT_CHARS) + "</p>";
        String text = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> HtmlText.toText(html, false));
        assertTrue(text.length() <= HtmlText.MAX_TEXT_CHARS);
        assertTrue(text.startsWith("😀&<"));
    }

    @Test
    void referencedResourcesAreNeverFetched() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/x";
            String html = "<html><head><link rel=stylesheet href=\"" + url + "\"><base href=\"" + url + "\">"
                    + "<meta http-equiv=refresh content=\"0;url=" + url + "\"></head><body>"
                    + "<img src=\"" + url + "\"><iframe src=\"" + url + "\"></iframe>"
                    + "<object data=\"" + url + "\"></object><p style=\"background:url(" + url + ")\">hi</p>"
                    + "</body></html>";
            assertEquals("hi", HtmlText.toText(html, false));
            server.setSoTimeout(300);
            boolean connected;
            try (var ignored = server.accept()) {
                connected = true;
            } catch (SocketTimeoutException e) {
                connected = false;
            }
            assertFalse(connected, "the converter opened a connection");
        }
    }

    @Test
    void unclosedSkippedElementsDoNotSwallowOrLeakScript() {
        assertEquals("a", HtmlText.toText("a<script>alert('x')", false));
        assertEquals("b", HtmlText.toText("b<style>p{}</style><noscript>n", false));
    }
}
