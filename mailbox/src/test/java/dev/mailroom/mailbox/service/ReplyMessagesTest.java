package dev.mailroom.mailbox.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.mailbox.repository.ReplySql;

class ReplyMessagesTest {

    private static ReplySql.Original original(String direction, List<String> inReplyTo, List<String> refs,
            String messageId) {
        return new ReplySql.Original("m1", new ReplySql.Mailbox("b1", "me@d.test", "d.test", null, null), "d.test",
                direction, messageId, inReplyTo, refs, EmailAddress.of("ann@x.test"),
                List.of(EmailAddress.of("me@d.test"), EmailAddress.of("bob@x.test")), List.of(), List.of(), "s",
                null, "t", null);
    }

    @Test
    void subjectsAreNotDoubled() {
        assertEquals("Re: hi", ReplyMessages.replySubject(" hi "));
        assertEquals("re: hi", ReplyMessages.replySubject("re: hi"));
        assertEquals("Fwd: hi", ReplyMessages.forwardSubject("hi"));
        assertEquals("FW: hi", ReplyMessages.forwardSubject("FW: hi"));
        assertEquals("Fwd: Re: hi", ReplyMessages.forwardSubject("Re: hi"));
    }

    @Test
    void referencesFallBackToInReplyToAndKeepTheRootAndTheNewest() {
        assertEquals(List.of("p@x", "m@x"), ReplyMessages.references(original("inbound", List.of("p@x"), List.of(),
                "m@x")));
        assertEquals(List.of("m@x"), ReplyMessages.references(original("inbound", List.of(), List.of(), "m@x")));
        List<String> long_ = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long_.add("r" + i + "@x");
        }
        List<String> kept = ReplyMessages.references(original("inbound", List.of(), long_, "m@x"));
        assertEquals(ReplyMessages.MAX_REFERENCES, kept.size());
        assertEquals("r0@x", kept.get(0));
        assertEquals("r12@x", kept.get(1));
        assertEquals("m@x", kept.get(kept.size() - 1));
    }

    @Test
    void aReplyToOnesOwnMessageGoesToItsRecipientsAgain() {
        var r = ReplyMessages.build(ReplyMessages.Kind.REPLY, original("outbound", List.of(), List.of(), "m@x"),
                new ReplyMessages.Ask("t", null, List.of(), List.of(), List.of(), List.of()), List.of(), "s1",
                java.time.Instant.now());
        assertEquals(List.of("bob@x.test"), r.to().stream().map(EmailAddress::address).toList());
    }

    @Test
    void htmlIsEscaped() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", ReplyMessages.escape("<a href=\"x\">&'"));
    }
}
