package dev.mailroom.router.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UntrustedTextTest {

    @Test
    void lineEndsBecomeLfAndTabsStay() {
        assertEquals("a\nb\nc\n\td", UntrustedText.clean("a\r\nb\rc\n\td"));
    }

    @Test
    void controlAndBidiCharactersAreRemoved() {
        String evil = "ok\u0000\u0007\u001b[2J\u007f\u0085\u009b|\u202a\u202b\u202c\u202d\u202e|\u2066\u2067\u2068\u2069|";
        assertEquals("ok[2J|||", UntrustedText.clean(evil));
    }

    @Test
    void ordinaryUnicodeIsKept() {
        String text = "Grüße, 日本語, emoji 😀, Arabic مرحبا, Hebrew שלום, zero width joiner \u200d";
        assertEquals(text, UntrustedText.clean(text));
    }

    @Test
    void oneLineValuesCannotCarryLineBreaks() {
        assertEquals("Subject  Bcc: x", UntrustedText.cleanLine(" Subject\r\nBcc: x\t"));
        assertNull(UntrustedText.cleanLine(null));
        assertNull(UntrustedText.clean(null));
    }
}
