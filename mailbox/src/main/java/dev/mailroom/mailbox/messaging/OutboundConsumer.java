package dev.mailroom.mailbox.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mailbox.service.DeliveryEvents;
import dev.mailroom.mailbox.service.OutboundIngest;
import dev.mailroom.mailbox.service.ThreadDrafts;
import io.smallrye.mutiny.Uni;

/**
 * Outbound mail: send requests ({@code mailroom.outbound.requested}) into the sender's mailbox, egress-sender's
 * delivery events ({@code mailroom.events}, types {@code outbound.*}) into their deliveries, and agent-host's draft
 * events ({@code agent.send-held}, {@code agent.draft-*}) into the threads' pending drafts; other types are not this
 * consumer's. Acknowledged after commit; failures follow {@link Retries}.
 */
@ApplicationScoped
public class OutboundConsumer {

    private final OutboundIngest outbound;
    private final DeliveryEvents deliveries;
    private final ThreadDrafts drafts;

    public OutboundConsumer(OutboundIngest outbound, DeliveryEvents deliveries, ThreadDrafts drafts) {
        this.outbound = outbound;
        this.deliveries = deliveries;
        this.drafts = drafts;
    }

    @Incoming(Channels.OUTBOUND_REQUESTED)
    public Uni<Void> onRequest(byte[] value) {
        return Retries.withRetries(Channels.OUTBOUND_REQUESTED, () -> outbound.requested(
                Json.decode(value, OutboundRequest.class, OutboundRequest.VERSION))).replaceWithVoid();
    }

    @Incoming(Channels.EVENTS)
    public Uni<Void> onEvent(byte[] value) {
        return Retries.withRetries(Channels.EVENTS, () -> {
            MailroomEvent event = Json.decode(value, MailroomEvent.class, MailroomEvent.VERSION);
            return deliveries.apply(event).chain(() -> drafts.apply(event));
        }).replaceWithVoid();
    }
}
