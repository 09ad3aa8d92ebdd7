package dev.mailroom.mail.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;

class RawMessageTest {

    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneOffset.UTC);

    private static OutboundRequest raw(String message) {
        return new OutboundRequest(OutboundRequest.VERSION, "s1", EmailAddress.of("a@mail.test"),
                List.of(EmailAddress.of("b@example.org")), null, null, null, null, null, null, null, null, null,
                null, null, null, null, null,
                Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static String prepared(String message) {
        return new String(RawMessage.prepare(raw(message), "<gen@mail.test>", NOW).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void addsDateAndMessageIdOnlyWhenMissing() {
        assertEquals("Date: Mon, 23 Nov 2026 12:00:00 +0000\r\nMessage-ID: <gen@mail.test>\r\n"
                + "From: a@mail.test\r\n\r\nhi\r\n", prepared("From: a@mail.test\r\n\r\nhi\r\n"));
        String own = "From: a@mail.test\r\nDate: Sun, 1 Nov 2026 10:00:00 +0100\r\nMessage-Id:\r\n <own@x>\r\n\r\nhi\r\n";
        assertEquals(own, prepared(own));
        assertEquals("<own@x>", RawMessage.messageId(own.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void bareLineFeedsBecomeCrlfAndAFinalLineEndIsAdded() {
        assertEquals("Date: Mon, 23 Nov 2026 12:00:00 +0000\r\nMessage-ID: <gen@mail.test>\r\n"
                + "From: a@mail.test\r\n\r\nline\r\nlast\r\n", prepared("From: a@mail.test\n\nline\nlast"));
    }

    @Test
    void aBodyLineLookingLikeAHeaderIsNotTakenForOne() {
        String m = "From: a@mail.test\r\n\r\nMessage-ID: <not-a-header@x>\r\n";
        assertTrue(prepared(m).startsWith("Date: "));
        assertTrue(prepared(m).contains("Message-ID: <gen@mail.test>\r\n"));
    }

    @Test
    void eightBitIsFlaggedPerSection() {
        BuiltMessage body8 = RawMessage.prepare(raw("From: a@mail.test\r\n\r\ncaf\u00e9\r\n"), "<g@x>", NOW);
        assertTrue(body8.eightBit());
        assertFalse(body8.smtpUtf8());
        BuiltMessage header8 = RawMessage.prepare(raw("From: j\u00f6rg@mail.test\r\n\r\nx\r\n"), "<g@x>", NOW);
        assertTrue(header8.smtpUtf8());
    }

    @Test
    void refusesWhatCannotBeSentEachWithItsReason() {
        assertEquals("raw: has no From header field", RawMessage.problems(raw("Subject: x\r\n\r\nbody\r\n")).get(0)
                .toString());
        assertTrue(RawMessage.problems(raw("From: a@mail.test\r\n\r\nbare\rCR\r\n")).get(0).detail()
                .startsWith("contains a bare CR"));
        assertTrue(RawMessage.problems(raw("From: a@mail.test\r\n\r\n" + "x".repeat(999) + "\r\n")).get(0).detail()
                .startsWith("has a line over 998 octets"));
        assertTrue(RawMessage.problems(raw("From: a@mail.test\r\n\r\nnul\0\r\n")).get(0).detail()
                .startsWith("contains a NUL"));
        OutboundRequest notBase64 = new OutboundRequest(OutboundRequest.VERSION, "s1",
                EmailAddress.of("a@mail.test"), List.of(EmailAddress.of("b@example.org")), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, "%%%");
        assertEquals("raw: is not base64", RawMessage.problems(notBase64).get(0).toString());
        OutboundRequest mixed = new OutboundRequest(OutboundRequest.VERSION, "s1", EmailAddress.of("a@mail.test"),
                List.of(EmailAddress.of("b@example.org")), null, null, null, "subject too", null, null, null, null,
                null, null, null, null, null, null, raw("From: a@mail.test\r\n\r\nx\r\n").raw());
        assertEquals("raw", RawMessage.problems(mixed).get(0).field());
        assertThrows(InvalidMessageException.class, () -> RawMessage.prepare(mixed, "<g@x>", NOW));
        assertTrue(RawMessage.problems(raw("From: a@mail.test\r\n\r\nok\r\n")).isEmpty());
    }

    @Test
    void headerValueUnfoldsAndIgnoresCase() {
        byte[] m = "subject: one\r\n two\r\nFrom: a@x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals("one two", RawMessage.headerValue(m, "Subject"));
        assertNull(RawMessage.headerValue(m, "Date"));
    }
}
