package dev.mailroom.egress.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.mailroom.mail.dsn.Dsn;

/** The hard-bounce rule for DSN recipients, on the recipients of the DSNs mail's {@code DsnParserTest} reads. */
class BouncesTest {

    @Test
    void badMailboxStatusSuppresses() {
        assertTrue(Bounces.hardBounce(new Dsn.Recipient("nobody@example.com", "nobody@example.com", "failed", "5.1.1",
                "smtp; 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown", "mx.example.com")));
    }

    @Test
    void eximsGenericStatusDefersToTheRemotesReplyInTheDiagnostic() {
        assertTrue(Bounces.hardBounce(new Dsn.Recipient("Jane.Doe@Example.ORG", null, "failed", "5.0.0",
                "smtp; 550 5.1.1 <jane.doe@example.org>: no such user", "mail.example.org")),
                "Exim's generic 5.0.0: the remote's 550 5.1.1 decides");
        assertFalse(Bounces.hardBounce(new Dsn.Recipient("a@example.org", null, "failed", "5.0.0",
                "smtp; 550 5.7.1 policy", null)), "the remote's 5.7.1 decides: no suppression");
        assertTrue(Bounces.hardBounce(new Dsn.Recipient("a@example.org", null, "failed", null,
                "smtp; 550 no such user", null)), "a bare 550 suppresses");
    }

    @Test
    void policyRefusalsAndDelaysDoNotSuppress() {
        assertFalse(Bounces.hardBounce(new Dsn.Recipient("x@example.com", null, "failed", "5.7.1",
                "smtp; 554 5.7.1 message refused by policy", null)), "a policy refusal does not suppress");
        assertFalse(Bounces.hardBounce(new Dsn.Recipient("bob@example.com", null, "delayed", "4.4.1",
                "X-Postfix; connect to mx2.example.com[192.0.2.26]:25: Connection timed out", "mx2.example.com")));
    }
}
