package dev.mailroom.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CloudflareHeadersTest {

    private static List<String> codes(Map<String, String> headers) {
        return CloudflareHeaders.check(headers).refusals().stream().map(CloudflareHeaders.Refusal::code).toList();
    }

    @Test
    void allowlistedAndXHeadersPassInCanonicalCasingAndThreadingHeadersBecomeFields() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("list-unsubscribe", "<https://example.org/u?id=1>, <mailto:unsub@example.org>");
        in.put("LIST-UNSUBSCRIBE-POST", "List-Unsubscribe=One-Click");
        in.put("X-Campaign_ID", "weekly");
        in.put("precedence", "Bulk");
        in.put("in-reply-to", " <a@example.org> ");
        in.put("References", "<z@example.org> <a@example.org>");
        CloudflareHeaders.Result r = CloudflareHeaders.check(in);
        assertTrue(r.ok(), r.refusals().toString());
        assertEquals(Map.of("List-Unsubscribe", "<https://example.org/u?id=1>, <mailto:unsub@example.org>",
                "List-Unsubscribe-Post", "List-Unsubscribe=One-Click", "X-Campaign_ID", "weekly",
                "Precedence", "Bulk"), r.headers());
        assertEquals("<a@example.org>", r.inReplyTo());
        assertEquals("<z@example.org> <a@example.org>", r.references());
    }

    @Test
    void platformHeadersAndArcAreNotAllowed() {
        for (String name : List.of("Date", "message-id", "MIME-Version", "Content-Type", "DKIM-Signature",
                "Return-Path", "Received", "Feedback-ID", "ARC-Seal", "CFBL-Address", "TLS-Required")) {
            assertEquals(List.of(CloudflareHeaders.NOT_ALLOWED), codes(Map.of(name, "v")), name);
        }
    }

    @Test
    void firstClassFieldsMustUseTheirApiField() {
        CloudflareHeaders.Result r = CloudflareHeaders.check(Map.of("Reply-To", "a@example.org"));
        assertEquals(CloudflareHeaders.USE_API_FIELD, r.refusals().get(0).code());
        assertTrue(r.refusals().get(0).reason().contains("'reply_to' API field"), r.refusals().toString());
        for (String name : List.of("From", "to", "CC", "Bcc", "Subject")) {
            assertEquals(List.of(CloudflareHeaders.USE_API_FIELD), codes(Map.of(name, "x")), name);
        }
    }

    @Test
    void headersOffTheAllowlistAndBadNamesAreRefused() {
        assertEquals(List.of(CloudflareHeaders.NOT_ALLOWED), codes(Map.of("Sender", "a@example.org")));
        assertEquals(List.of(CloudflareHeaders.NOT_ALLOWED), codes(Map.of("Content-Language", "en")),
                "Mailroom writes Content-* itself");
        assertEquals(List.of(CloudflareHeaders.NAME_INVALID), codes(Map.of("Bad Header!", "v")));
        assertEquals(List.of(CloudflareHeaders.NAME_INVALID), codes(Map.of("List_Id", "v")),
                "underscores only in X- names");
        assertEquals(List.of(CloudflareHeaders.NAME_INVALID), codes(Map.of("X-" + "a".repeat(99), "v")));
    }

    @Test
    void valuesAreChecked() {
        assertEquals(List.of(CloudflareHeaders.VALUE_INVALID), codes(Map.of("X-A", "")));
        assertEquals(List.of(CloudflareHeaders.VALUE_INVALID), codes(Map.of("X-A", "a\r\nBcc: victim@example.org")));
        assertEquals(List.of(CloudflareHeaders.VALUE_TOO_LONG), codes(Map.of("X-A", "é".repeat(1025))));
        assertEquals(List.of(CloudflareHeaders.VALUE_INVALID), codes(Map.of("Precedence", "first-class")));
        assertEquals(List.of(CloudflareHeaders.VALUE_INVALID), codes(Map.of("Importance", "urgent")));
        assertEquals(List.of(CloudflareHeaders.VALUE_INVALID),
                codes(Map.of("List-Unsubscribe", "<http://example.org/u>")), "plain HTTP is refused");
        assertEquals(List.of(CloudflareHeaders.VALUE_INVALID),
                codes(Map.of("List-Unsubscribe", "<https://example.org/u>", "List-Unsubscribe-Post",
                        "list-unsubscribe=one-click")), "case-sensitive");
        assertEquals(List.of(CloudflareHeaders.VALUE_INVALID),
                codes(Map.of("List-Unsubscribe", "<mailto:u@example.org>", "List-Unsubscribe-Post",
                        "List-Unsubscribe=One-Click")), "one-click needs an https URI");
    }

    @Test
    void theSameNameTwiceInAnotherCaseIsRefused() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("X-Tag", "a");
        in.put("x-tag", "b");
        assertEquals(List.of(CloudflareHeaders.VALUE_INVALID), codes(in));
    }

    @Test
    void limitsOnCountAndSize() {
        Map<String, String> many = new HashMap<>();
        List<String> names = List.of("List-Id", "List-Archive", "List-Help", "List-Owner", "List-Post",
                "List-Subscribe", "Keywords", "Comments", "Organization", "Expires", "Reply-By", "Archived-At",
                "Require-Recipient-Valid-Since", "Auto-Submitted", "Precedence", "Importance", "Priority",
                "Sensitivity", "In-Reply-To", "References", "List-Unsubscribe");
        Map<String, String> values = Map.of("Auto-Submitted", "auto-generated", "Precedence", "bulk", "Importance",
                "low", "Priority", "normal", "Sensitivity", "private", "List-Unsubscribe", "<mailto:u@example.org>");
        for (String n : names) {
            many.put(n, values.getOrDefault(n, "<x@example.org>"));
        }
        assertEquals(List.of(CloudflareHeaders.TOO_MANY), codes(many), "21 allowlisted headers");
        many.remove("List-Id");
        assertTrue(CloudflareHeaders.check(many).ok(), "20 pass");

        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            big.put("X-H" + i, "v".repeat(2000));
        }
        assertEquals(List.of(CloudflareHeaders.TOO_LARGE), codes(big), "over 16 KB in total");
        big.remove("X-H0");
        assertTrue(CloudflareHeaders.check(big).ok(), "X- headers have no count limit");
    }

    @Test
    void noHeadersIsFine() {
        CloudflareHeaders.Result r = CloudflareHeaders.check(null);
        assertTrue(r.ok());
        assertTrue(r.headers().isEmpty());
        assertNull(r.inReplyTo());
    }
}
