package dev.mailroom.mailbox.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.mailbox.service.InboundIngest;
import io.smallrye.mutiny.Uni;

/**
 * Inbound mail: raw messages ({@code mailroom.inbound.received}, envelope in the headers) and routed copies
 * ({@code mailroom.inbound.routed}), handed to {@link InboundIngest}. The record is acknowledged once its
 * transaction committed; failures follow {@link Retries} and end in the channel's dead-letter topic.
 */
@ApplicationScoped
public class InboundConsumer {

    private final InboundIngest ingest;

    public InboundConsumer(InboundIngest ingest) {
        this.ingest = ingest;
    }

    @Incoming(Channels.INBOUND_RECEIVED)
    public Uni<Void> onRaw(ConsumerRecord<String, byte[]> record) {
        return Retries.withRetries(Channels.INBOUND_RECEIVED,
                () -> ingest.raw(Envelope.readFrom(record.headers()), record.value()))
                .replaceWithVoid();
    }

    @Incoming(Channels.INBOUND_ROUTED)
    public Uni<Void> onRouted(byte[] value) {
        return Retries.withRetries(Channels.INBOUND_ROUTED,
                () -> ingest.routed(Json.decode(value, RoutedEmail.class, RoutedEmail.VERSION)))
                .replaceWithVoid();
    }
}
