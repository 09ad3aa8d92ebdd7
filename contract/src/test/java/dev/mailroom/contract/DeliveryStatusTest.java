package dev.mailroom.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DeliveryStatusTest {

    @Test
    void eachOutboundEventTypeSaysWhatItMeansForItsRecipient() {
        assertEquals(DeliveryStatus.DELIVERED, DeliveryStatus.ofEvent("outbound.delivered"));
        assertEquals(DeliveryStatus.SENT, DeliveryStatus.ofEvent("outbound.sent"));
        assertEquals(DeliveryStatus.BOUNCED, DeliveryStatus.ofEvent("outbound.bounced"));
        assertEquals(DeliveryStatus.SUPPRESSED, DeliveryStatus.ofEvent("outbound.suppressed"));
        assertEquals(DeliveryStatus.FAILED, DeliveryStatus.ofEvent("outbound.failed"));
        assertEquals(DeliveryStatus.PENDING, DeliveryStatus.ofEvent("outbound.deferred"));
        assertNull(DeliveryStatus.ofEvent("outbound.queued"));
        assertNull(DeliveryStatus.ofEvent("inbound.routed"));
    }

    @Test
    void theMessageStatusFollowsItsRecipients() {
        assertEquals(MessageStatus.QUEUED, MessageStatus.of(List.of(DeliveryStatus.PENDING), false));
        assertEquals(MessageStatus.DEFERRED, MessageStatus.of(List.of(DeliveryStatus.PENDING,
                DeliveryStatus.DELIVERED), true));
        assertEquals(MessageStatus.DELIVERED, MessageStatus.of(List.of(DeliveryStatus.DELIVERED,
                DeliveryStatus.SENT), true));
        assertEquals(MessageStatus.PARTIALLY_DELIVERED, MessageStatus.of(List.of(DeliveryStatus.DELIVERED,
                DeliveryStatus.BOUNCED), true));
        assertEquals(MessageStatus.BOUNCED, MessageStatus.of(List.of(DeliveryStatus.BOUNCED,
                DeliveryStatus.SUPPRESSED), true));
        assertEquals(MessageStatus.SUPPRESSED, MessageStatus.of(List.of(DeliveryStatus.SUPPRESSED), false));
        assertEquals(MessageStatus.FAILED, MessageStatus.of(List.of(DeliveryStatus.FAILED), true));
    }

    @Test
    void envelopeRecipientsAreDeduplicatedIgnoringCaseKeepingTheFirstSpelling() {
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, "s1", EmailAddress.of("a@x.test"),
                List.of(EmailAddress.of("Ann@Example.org")), List.of(EmailAddress.of("ann@example.org")),
                List.of(EmailAddress.of("bob@example.org")), List.of(), "", "hi", null, null, List.of(), Map.of(),
                null, null);
        assertEquals(Map.of("ann@example.org", "Ann@Example.org", "bob@example.org", "bob@example.org"),
                request.envelopeRecipients());
        assertEquals(List.of("Ann@Example.org", "bob@example.org"),
                List.copyOf(request.envelopeRecipients().values()));
    }
}
