package dev.mailroom.egress.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.mailroom.contract.ContractException;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.config.EgressConfig;
import dev.mailroom.egress.mime.InvalidMessageException;
import dev.mailroom.egress.service.DeliveryWorker;
import dev.mailroom.egress.service.Spooler;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Consumes send requests from every sender and spools them (see {@link Spooler}); the offset is committed once the
 * message and its queue rows are in PostgreSQL, and delivery continues from there ({@link DeliveryWorker}), so a
 * slow destination never holds a partition. Dead letters, each with its reason and an {@code outbound.failed}
 * event: undecodable records, requests that cannot be built (invalid address, header injection…), and spooling
 * still failing after {@code mailroom.egress.max-attempts} (database down).
 */
@ApplicationScoped
public class OutboundConsumer {

    private final Spooler spooler;
    private final DeliveryWorker worker;
    private final EventPublisher events;
    private final EgressConfig config;
    private final MutinyEmitter<byte[]> deadLetters;

    public OutboundConsumer(Spooler spooler, DeliveryWorker worker, EventPublisher events, EgressConfig config,
            @Channel(Channels.OUTBOUND_REQUESTED_DLQ) MutinyEmitter<byte[]> deadLetters) {
        this.spooler = spooler;
        this.worker = worker;
        this.events = events;
        this.config = config;
        this.deadLetters = deadLetters;
    }

    @Incoming(Channels.OUTBOUND_REQUESTED)
    public Uni<Void> onRequest(ConsumerRecord<String, byte[]> record) {
        OutboundRequest request;
        try {
            request = Json.decode(record.value(), OutboundRequest.class, OutboundRequest.VERSION);
        } catch (ContractException e) {
            return deadLetter(record, record.key(), e.reason() + ": " + e.getMessage(), e);
        }
        String json = new String(record.value(), StandardCharsets.UTF_8);
        return spooler.spool(request, json)
                .onFailure(e -> !(e instanceof InvalidMessageException)).retry()
                .withBackOff(config.retryBackoff(), config.maxBackoff()).atMost(config.maxAttempts() - 1L)
                .onItemOrFailure().transformToUni((spooled, failure) -> {
                    if (failure instanceof InvalidMessageException invalid) {
                        String reason = "invalid-request: " + invalid.field() + ": " + invalid.detail();
                        return spooler.recordFailure(request, json, reason).chain(events::publish)
                                .onFailure().recoverWithNull().replaceWithVoid()
                                .chain(() -> deadLetter(record, request.id(), reason, null));
                    }
                    if (failure != null) {
                        return deadLetter(record, request.id(), "spool-failed: " + failure, failure);
                    }
                    if (spooled.duplicate()) {
                        Log.debugf("duplicate send request skipped sendId=%s", request.id());
                        return Uni.createFrom().voidItem();
                    }
                    Log.debugf("spooled sendId=%s", request.id());
                    // events describe committed state and are best effort: the next record does not wait for them
                    // (queued goes to the producer before the worker can emit this message's delivery events)
                    events.publishAll(spooled.events()).subscribe().with(ignored -> { }, e -> { });
                    worker.run().subscribe().with(ignored -> { }, e -> { });
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String id, String reason, Throwable cause) {
        Log.warnf("dead-lettered sendId=%s reason=%s", id, reason);
        Message<byte[]> dead = Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(DeadLetter.headers(record, reason, cause)).build());
        return deadLetters.sendMessage(dead).chain(() -> events.publish(EventPublisher.event(
                "outbound.dead-lettered", id == null ? "unknown" : id, null, Map.of("reason", reason))));
    }
}
