package dev.mailroom.agenthost.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.config.AgentHostConfig.SendPolicyKind;

class SendPolicyTest {

    private static final List<String> APPROVED = List.of("Ann@Example.org", "@trusted.test", "*@also.test");

    @Test
    void autonomousSendsAnything() {
        assertNull(SendPolicy.decide(SendPolicyKind.AUTONOMOUS, List.of(), List.of("x@y.test")));
    }

    @Test
    void draftsOnlySendsNothing() {
        assertEquals("drafts-only: the class sends nothing without approval",
                SendPolicy.decide(SendPolicyKind.DRAFTS_ONLY, APPROVED, List.of("ann@example.org")));
    }

    @Test
    void approvedRecipientsMatchAddressesAndWholeDomainsCaseInsensitively() {
        assertNull(SendPolicy.decide(SendPolicyKind.APPROVED_RECIPIENTS, APPROVED,
                List.of("ann@example.org", "bob@trusted.test", "carol@also.test")));
        assertEquals("recipient-not-approved: bob@example.org", SendPolicy.decide(SendPolicyKind.APPROVED_RECIPIENTS,
                APPROVED, List.of("ann@example.org", "bob@example.org")));
        assertEquals("recipient-not-approved: eve@sub.trusted.test", SendPolicy.decide(
                SendPolicyKind.APPROVED_RECIPIENTS, APPROVED, List.of("eve@sub.trusted.test")),
                "a subdomain is another domain");
    }

    @Test
    void firstContactNamesTheFirstUnknownRecipient() {
        assertNull(SendPolicy.firstContact(List.of("ann@example.org"), Set.of("ann@example.org")));
        assertEquals("new-correspondent: bob@example.org",
                SendPolicy.firstContact(List.of("ann@example.org", "bob@example.org"), Set.of("ann@example.org")));
    }
}
