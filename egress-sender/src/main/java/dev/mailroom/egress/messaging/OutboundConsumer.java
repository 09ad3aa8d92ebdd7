package dev.mailroom.egress.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.mailroom.contract.ContractException;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.config.EgressConfig;
import dev.mailroom.egress.service.DeliveryWorker;
import dev.mailroom.egress.service.Spooler;
import dev.mailroom.mail.mime.InvalidMessageException;
import dev.mailroom.egress.service.DeliveryTraces;
import dev.mailroom.platform.observability.Spans;
import dev.mailroom.platform.observability.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Consumes send requests from every sender and spools them (see {@link Spooler}); the offset is committed once the
 * message and its queue rows are in PostgreSQL, and delivery continues from there ({@link DeliveryWorker}), so a
 * slow destination never holds a partition. Dead letters, each with its reason and an {@code outbound.failed}
 * event: undecodable records, requests that cannot be built (invalid address, header injection…), and spooling
 * still failing after {@code mailroom.egress.max-attempts} (database down). Each record's spooling is a span
 * {@code egress.spool}, child of the trace context the record carries, and its delivery attempts continue that trace
 * ({@link DeliveryTraces}, ADR 0027).
 */
@ApplicationScoped
public class OutboundConsumer {

    private final Spooler spooler;
    private final DeliveryWorker worker;
    private final EventPublisher events;
    private final EgressConfig config;
    private final MutinyEmitter<byte[]> deadLetters;
    private final Tracer tracer;
    private final DeliveryTraces traces;

    public OutboundConsumer(Spooler spooler, DeliveryWorker worker, EventPublisher events, EgressConfig config,
            @Channel(Channels.OUTBOUND_REQUESTED_DLQ) MutinyEmitter<byte[]> deadLetters, Tracer tracer,
            DeliveryTraces traces) {
        this.tracer = tracer;
        this.traces = traces;
        this.spooler = spooler;
        this.worker = worker;
        this.events = events;
        this.config = config;
        this.deadLetters = deadLetters;
    }

    /**
     * One poll of the topic at a time ({@code batch=true}): the valid requests of the poll are spooled in one
     * transaction (one commit for the lot, see {@link Spooler#spoolAll}); if that keeps failing, each record takes
     * the one-by-one path, so one bad record never sinks its neighbours. Offsets are committed after the method's
     * {@code Uni} completes.
     */
    @Incoming(Channels.OUTBOUND_REQUESTED)
    public Uni<Void> onRequests(ConsumerRecords<String, byte[]> records) {
        List<Span> spans = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            Span span = Spans.consume(tracer, "egress.spool", record.headers());
            span.setAttribute(Spans.MESSAGE_ID, String.valueOf(record.key()));
            spans.add(span);
            if (record.key() != null) {
                traces.remember(record.key(), span.getSpanContext()); // the key is the send id
            }
        }
        return spoolRecords(records).onItemOrFailure().invoke((ok, failure) -> spans.forEach(s -> Spans.end(s,
                failure)));
    }

    private Uni<Void> spoolRecords(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> decoded = new ArrayList<>();
        List<OutboundRequest> requests = new ArrayList<>();
        List<String> jsons = new ArrayList<>();
        Uni<Void> dead = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                requests.add(Json.decode(record.value(), OutboundRequest.class, OutboundRequest.VERSION));
                jsons.add(new String(record.value(), StandardCharsets.UTF_8));
                decoded.add(record);
            } catch (ContractException e) {
                Uni<Void> previous = dead;
                dead = previous.chain(() -> deadLetter(record, record.key(), e.reason() + ": " + e.getMessage(), e));
            }
        }
        if (requests.isEmpty()) {
            return dead;
        }
        return dead.chain(() -> spooler.spoolAll(requests, jsons)
                .onFailure().retry().withBackOff(config.retryBackoff(), config.maxBackoff()).atMost(2)
                .onItemOrFailure().transformToUni((items, failure) -> {
                    if (failure != null) {
                        Log.warnf("batch spool failed, one by one now records=%d error=%s", requests.size(),
                                failure.toString());
                        Uni<Void> each = Uni.createFrom().voidItem();
                        for (int i = 0; i < requests.size(); i++) {
                            ConsumerRecord<String, byte[]> record = decoded.get(i);
                            OutboundRequest request = requests.get(i);
                            String json = jsons.get(i);
                            each = each.chain(() -> spoolOne(record, request, json));
                        }
                        return each;
                    }
                    Uni<Void> outcomes = Uni.createFrom().voidItem();
                    for (int i = 0; i < items.size(); i++) {
                        Spooler.BatchItem item = items.get(i);
                        ConsumerRecord<String, byte[]> record = decoded.get(i);
                        outcomes = outcomes.chain(() -> item.invalid() != null
                                ? invalid(record, item.request(), item.requestJson(), item.invalid())
                                : spooled(item.request(), item.spooled()));
                    }
                    return outcomes;
                }));
    }

    /** The one-by-one path: spools one record, retrying, and dead-letters it when that keeps failing. */
    private Uni<Void> spoolOne(ConsumerRecord<String, byte[]> record, OutboundRequest request, String json) {
        return spooler.spool(request, json)
                .onFailure(e -> !(e instanceof InvalidMessageException)).retry()
                .withBackOff(config.retryBackoff(), config.maxBackoff()).atMost(config.maxAttempts() - 1L)
                .onItemOrFailure().transformToUni((spooled, failure) -> {
                    if (failure instanceof InvalidMessageException invalid) {
                        return invalid(record, request, json, invalid);
                    }
                    if (failure != null) {
                        return deadLetter(record, request.id(), "spool-failed: " + failure, failure);
                    }
                    return spooled(request, spooled);
                });
    }

    private Uni<Void> invalid(ConsumerRecord<String, byte[]> record, OutboundRequest request, String json,
            InvalidMessageException invalid) {
        String reason = "invalid-request: " + invalid.field() + ": " + invalid.detail();
        return spooler.recordFailure(request, json, reason).chain(events::publish)
                .onFailure().recoverWithNull().replaceWithVoid()
                .chain(() -> deadLetter(record, request.id(), reason, null));
    }

    private Uni<Void> spooled(OutboundRequest request, Spooler.Spooled spooled) {
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
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String id, String reason, Throwable cause) {
        Log.warnf("dead-lettered sendId=%s reason=%s", id, reason);
        var headers = DeadLetter.headers(record, reason, cause);
        headers.remove(TraceHeaders.TRACEPARENT); // the connector writes this hop's, in the record's trace
        Message<byte[]> dead = Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build())
                .addMetadata(TracingMetadata.withCurrent(TraceHeaders.extract(record.headers())));
        return deadLetters.sendMessage(dead).chain(() -> events.publish(EventPublisher.event(
                "outbound.dead-lettered", id == null ? "unknown" : id, null, Map.of("reason", reason))));
    }
}
