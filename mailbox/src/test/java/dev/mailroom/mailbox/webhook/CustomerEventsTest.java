package dev.mailroom.mailbox.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.MailroomEvent;

class CustomerEventsTest {

    private static MailroomEvent event(String type, String messageId, Map<String, String> detail) {
        return new MailroomEvent(1, type + ":" + messageId + ":x", type, messageId, Instant.EPOCH, "test", detail);
    }

    @Test
    void everySourceTypeOfTheBriefMapsToItsCustomerType() {
        Map<String, String> expected = Map.ofEntries(Map.entry("outbound.queued", "message.sent"),
                Map.entry("outbound.delivered", "message.delivered"), Map.entry("outbound.sent", "message.delivered"),
                Map.entry("outbound.deferred", "message.deferred"), Map.entry("outbound.bounced", "message.bounced"),
                Map.entry("outbound.failed", "message.failed"), Map.entry("outbound.suppressed", "message.suppressed"),
                Map.entry("agent.send-held", "draft.created"), Map.entry("agent.draft-approved", "draft.approved"),
                Map.entry("agent.draft-rejected", "draft.rejected"), Map.entry("domain.verified", "domain.verified"),
                Map.entry("domain.record-broken", "domain.record_broken"));
        expected.forEach((source, type) -> assertEquals(type, CustomerEvents.of(source).orElseThrow().type(), source));
        assertFalse(CustomerEvents.of("outbound.dsn-failed").isPresent());
        assertFalse(CustomerEvents.of("inbound.routed").isPresent());
        assertTrue(CustomerEvents.TYPES.contains("message.received"));
    }

    @Test
    void theEventIdIsDeterministicPerSourceEvent() {
        MailroomEvent e = event("outbound.delivered", "s1", Map.of());
        assertEquals(CustomerEvents.eventId(e), CustomerEvents.eventId(event("outbound.delivered", "s1", Map.of())));
        assertFalse(CustomerEvents.eventId(e).equals(CustomerEvents.eventId(event("outbound.bounced", "s1", Map.of()))));
    }

    @Test
    void domainsComeFromTheEventWhereItKnowsThemAndNeverForMessages() {
        CustomerEvents.Kind draft = CustomerEvents.of("agent.send-held").orElseThrow();
        assertEquals("acme.test", CustomerEvents.ownDomain(draft, event("agent.send-held", "d",
                Map.of("from", "Support@ACME.test"))).orElseThrow());
        CustomerEvents.Kind domain = CustomerEvents.of("domain.record-broken").orElseThrow();
        assertEquals("acme.test", CustomerEvents.ownDomain(domain, event("domain.record-broken", "ACME.test",
                Map.of())).orElseThrow());
        CustomerEvents.Kind message = CustomerEvents.of("outbound.delivered").orElseThrow();
        assertFalse(CustomerEvents.ownDomain(message, event("outbound.delivered", "s1", Map.of("recipient",
                "bob@other.test"))).isPresent(), "a recipient's domain is not the tenant");
    }

    @Test
    void dataCarriesIdsAndListedDetailsOnly() {
        CustomerEvents.Kind kind = CustomerEvents.of("outbound.deferred").orElseThrow();
        CustomerEvents.Entry e = CustomerEvents.entry(kind, event("outbound.deferred", "s1", Map.of("recipient", "b@x",
                "reply", "451 later", "nextAttemptAt", "2026-12-07T15:00:00Z", "host", "mx.x", "body", "secret")),
                "acme.test", "mb1");
        assertEquals("message.deferred", e.type());
        assertEquals("s1", e.data().get("message_id").asText());
        assertEquals("mb1", e.data().get("mailbox_id").asText());
        assertEquals("deferred", e.data().get("status").asText());
        assertEquals("451 later", e.data().get("reply").asText());
        assertEquals("2026-12-07T15:00:00Z", e.data().get("next_attempt_at").asText());
        assertNull(e.data().get("host"));
        assertNull(e.data().get("body"));
    }
}
