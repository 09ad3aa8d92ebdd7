package dev.mailroom.mailbox.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mailbox.service.DeliveryEvents;
import dev.mailroom.mailbox.service.OutboundIngest;
import io.smallrye.mutiny.Uni;

/**
 * Outbound mail: send requests ({@code mailroom.outbound.requested}) into the sender's mailbox, and egress-sender's
 * delivery events ({@code mailroom.events}, types {@code outbound.*}; other types are not this consumer's) into
 * their deliveries. Acknowledged after commit; failures follow {@link Retries}.
 */
@ApplicationScoped
public class OutboundConsumer {

    private final OutboundIngest outbound;
    private final DeliveryEvents deliveries;

    public OutboundConsumer(OutboundIngest outbound, DeliveryEvents deliveries) {
        this.outbound = outbound;
        this.deliveries = deliveries;
    }

    @Incoming(Channels.OUTBOUND_REQUESTED)
    public Uni<Void> onRequest(byte[] value) {
        return Retries.withRetries(Channels.OUTBOUND_REQUESTED, () -> outbound.requested(
                Json.decode(value, OutboundRequest.class, OutboundRequest.VERSION))).replaceWithVoid();
    }

    @Incoming(Channels.EVENTS)
    public Uni<Void> onEvent(byte[] value) {
        return Retries.withRetries(Channels.EVENTS, () -> deliveries.apply(
                Json.decode(value, MailroomEvent.class, MailroomEvent.VERSION))).replaceWithVoid();
    }
}
