package dev.mailroom.mail.mime;

import static dev.mailroom.mail.mime.MimeFixtures.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.address.HeaderText;

class ValidationTest {

    /** Each case puts {@code bad} into one header-bound field of a valid request; the field it must name. */
    static Stream<Arguments> injections() {
        List<Object[]> cases = List.of(
                injection("from.name", (r, bad) -> r.from = new EmailAddress("Ada" + bad + "Bcc: x@evil.example",
                        "ada@example.com")),
                injection("from.address", (r, bad) -> r.from = EmailAddress.of("ada@example.com" + bad)),
                injection("to[0].name", (r, bad) -> r.to.set(0, new EmailAddress("Bob" + bad, "bob@example.org"))),
                injection("to[1].address", (r, bad) -> r.to.add(EmailAddress.of("eve@example.org" + bad + "x"))),
                injection("cc[0].address", (r, bad) -> r.cc.add(EmailAddress.of(bad + "c@example.org"))),
                injection("bcc[0].address", (r, bad) -> r.bcc.add(EmailAddress.of("b@example.org" + bad))),
                injection("reply_to[0].name", (r, bad) -> r.replyTo.add(new EmailAddress(bad, "r@example.org"))),
                injection("reply_to[0].address", (r, bad) -> r.replyTo.add(EmailAddress.of("r@ex" + bad + "ample"))),
                injection("subject", (r, bad) -> r.subject = "Hi" + bad + "Bcc: victim@example.org"),
                injection("headers.X-Foo", (r, bad) -> r.headers.put("X-Foo", "v" + bad + "Bcc: y@evil.example")),
                injection("headers.X-Foo" + "\u0000" + "Bcc", (r, bad) -> r.headers.put("X-Foo" + bad + "Bcc", "v")),
                injection("in_reply_to", (r, bad) -> r.inReplyTo = "a@b" + bad + "c"),
                injection("references[1]", (r, bad) -> r.references.addAll(List.of("ok@x", "a@b" + bad))),
                injection("attachments[0].filename", (r, bad) -> r.attachments.add(
                        new OutboundRequest.Attachment("a" + bad + ".txt", "text/plain", "aGk=", null))),
                injection("attachments[0].content_type", (r, bad) -> r.attachments.add(
                        new OutboundRequest.Attachment("a.txt", "text/plain" + bad + "X: y", "aGk=", null))),
                injection("attachments[0].content_id", (r, bad) -> r.attachments.add(
                        new OutboundRequest.Attachment("a.png", "image/png", "aGk=", "id@x" + bad))));
        return cases.stream().flatMap(c -> Stream.of(
                Arguments.of(c[0], c[1], "\r\n", HeaderText.LINE_BREAK),
                Arguments.of(c[0], c[1], "\n", HeaderText.LINE_BREAK),
                Arguments.of(c[0], c[1], "\r", HeaderText.LINE_BREAK),
                Arguments.of(c[0], c[1], "\u0000", "contains a NUL character")));
    }

    private static Object[] injection(String field, BiConsumer<MimeFixtures.Req, String> inject) {
        return new Object[] {field, inject};
    }

    @ParameterizedTest(name = "{0} with {3}")
    @MethodSource("injections")
    void headerInjectionIsAViolationNamingTheField(String field, BiConsumer<MimeFixtures.Req, String> inject,
            String bad, String detail) {
        MimeFixtures.Req r = req();
        inject.accept(r, bad);
        String expectedField = field.replace("\u0000", bad);
        List<Violation> problems = MimeFixtures.BUILDER.problems(r.build());
        assertEquals(List.of(new Violation(expectedField, detail)), problems);
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> MimeFixtures.build(r));
        assertEquals(expectedField, e.field());
        assertEquals(detail, e.detail());
        assertEquals(problems, e.violations());
    }

    @ParameterizedTest
    @ValueSource(strings = {"From", "sender", "TO", "Cc", "bcc", "Reply-To", "Subject", "Date", "Message-ID",
        "message-id", "In-Reply-To", "References", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        "content-disposition", "Content-ID", "DKIM-Signature", "Received", "Return-Path", "Authentication-Results",
        "ARC-Seal", "arc-message-signature", "ARC-Authentication-Results", "Resent-From", "Received-SPF"})
    void structuralAndTraceHeadersCannotBeSet(String name) {
        List<Violation> problems = MimeFixtures.BUILDER.problems(req().header(name, "x").build());
        assertEquals(List.of(new Violation("headers." + name, "is written by Mailroom and cannot be set")), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Campaign", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted",
        "Precedence", "Importance", "X-Content-Note", "Keywords", "Comments"})
    void ordinaryHeadersAreAllowed(String name) {
        BuiltMessage m = MimeFixtures.build(req().header(name, "value 1"));
        assertEquals("value 1", MimeFixtures.rawHeader(m, name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X Foo", "X:Foo", "", "Ünicode", "X-Tab\tName", "X-\u007fDel"})
    void headerNamesMustBeFtext(String name) {
        List<Violation> problems = MimeFixtures.BUILDER.problems(req().header(name, "v").build());
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("headers." + name, problems.get(0).field());
    }

    @Test
    void headerLimits() {
        assertEquals(List.of(new Violation("headers." + "X".repeat(77), "header name is longer than 76 characters")),
                MimeFixtures.BUILDER.problems(req().header("X".repeat(77), "v").build()));
        assertEquals(List.of(new Violation("headers.X-Big", "is longer than 2000 characters")),
                MimeFixtures.BUILDER.problems(req().header("X-Big", "a ".repeat(1001)).build()));
        assertEquals(List.of(new Violation("headers.X-Word", "has a word too long to fold within 998 octets")),
                MimeFixtures.BUILDER.problems(req().header("X-Word", "w".repeat(991)).build()));
        // "X-Word: " and 990 octets make a line of exactly 998
        assertEquals(List.of(), MimeFixtures.BUILDER.problems(req().header("X-Word", "w".repeat(990)).build()));
        assertEquals(List.of(new Violation("subject", "is longer than 2000 characters")),
                MimeFixtures.BUILDER.problems(req().subject("s".repeat(2001)).build()));
    }

    @Test
    void otherControlCharactersAndBrokenUnicodeAreRefused() {
        MimeFixtures.Req r = req().subject("bell\u0007").text("half \ud83d surrogate").html("<p>\udc00</p>");
        r.from = new EmailAddress("tab\tis fine in a name", "ada@example.com");
        assertEquals(List.of(
                new Violation("subject", "contains a control character"),
                new Violation("text", "contains an unpaired surrogate"),
                new Violation("html", "contains an unpaired surrogate")),
                MimeFixtures.BUILDER.problems(r.build()));
    }

    @Test
    void messageIdsAreChecked() {
        MimeFixtures.Req r = req();
        r.inReplyTo = "has space@x";
        r.references.addAll(List.of("good@x", "", "<<double@x>>"));
        assertEquals(List.of(
                new Violation("in_reply_to", "must not contain whitespace or control characters"),
                new Violation("references[1]", "is empty"),
                new Violation("references[2]", "must not contain angle brackets")),
                MimeFixtures.BUILDER.problems(r.build()));
    }

    @Test
    void everyProblemIsReportedInFieldOrder() {
        MimeFixtures.Req r = req().from(null, "nope").subject("a\nb").text(null).header("Subject", "x");
        r.to.clear();
        r.references.add("bad ref");
        List<Violation> problems = MimeFixtures.BUILDER.problems(r.build());
        assertEquals(List.of("from.address", "to", "subject", "text", "references[0]", "headers.Subject"),
                problems.stream().map(Violation::field).toList());
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> MimeFixtures.build(r));
        assertEquals("from.address", e.field());
        assertEquals("must be local-part@domain", e.detail());
        assertEquals(6, e.violations().size());
        assertTrue(e.getMessage().startsWith("from.address: must be local-part@domain (and 5 more)"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-brackets@x", "<>", "<a b@x>", "<a@x>\r\nBcc: y", "<<a@x>>"})
    void malformedMessageIdIsAProgrammingError(String messageId) {
        assertThrows(IllegalArgumentException.class, () -> MimeFixtures.BUILDER.build(req().build(), messageId));
    }
}
