package dev.mailroom.mail.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void tagsAreRemovedBlocksBreakLinesAndEntitiesAreDecoded() {
        String html = "<html><head><title>t</title><style>p { color: red }</style></head><body>"
                + "<p>Hello&nbsp;<b>Ann</b> &amp; team,</p><p>caf&eacute; &#8364;5 &#x1F600; &unknown; a&b</p>"
                + "<script>alert(1)</script><!-- hidden --><ul><li>one</li><li>two</li></ul>line<br>break"
                + "</body></html>";
        assertEquals("Hello Ann & team,\ncafé €5 😀 &unknown; a&b\n- one\n- two\nline\nbreak",
                HtmlText.toText(html, false));
    }

    @Test
    void whitespaceCollapsesExceptInPre() {
        assertEquals("a b c\nx   y\nz", HtmlText.toText("<div>a\n   b\tc</div><pre>x   y\n  z</pre>", false));
    }

    @Test
    void blockquotesAndGmailQuotesAreDroppedOnlyWhenAsked() {
        String html = "<div dir=\"ltr\">Yes.</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">"
                + "On Mon, Bob wrote:<br></div><blockquote class=\"gmail_quote\">Shall <div>we</div> meet?"
                + "<blockquote>older</blockquote> still quoted</blockquote></div>";
        assertEquals("Yes.", HtmlText.toText(html, true));
        assertEquals("Yes.\n\nOn Mon, Bob wrote:\nShall\nwe\nmeet?\nolder\nstill quoted", HtmlText.toText(html, false));
    }

    @Test
    void outlookReplyMarkerEndsTheText() {
        String html = "<div>Approved.</div><div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\">"
                + "<b>From:</b> Bob</div><div>Please approve.</div>";
        assertEquals("Approved.", HtmlText.toText(html, true));
    }

    @Test
    void brokenMarkupDoesNotLoseText() {
        assertEquals("a < b and c\nd", HtmlText.toText("a < b and c<p>d<p", false));
        assertEquals("x", HtmlText.toText("x<a href=\"unterminated", false));
    }

    @Test
    void allNamedReferencesAreDecodedAndInvisibleOnesDropped() {
        assertEquals("αβ → ≠ x", HtmlText.toText("<p>&alpha;&beta; &rarr; &ne; x&zwnj;&shy;</p>", true));
    }
}
