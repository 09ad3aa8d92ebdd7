package dev.mailroom.egress.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.mailroom.contract.ContractException;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.DsnReport;
import dev.mailroom.contract.Json;
import dev.mailroom.egress.config.EgressConfig;
import dev.mailroom.egress.service.DsnProcessor;
import dev.mailroom.mail.dsn.Dsn;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Reads the delivery status notifications (RFC 3464) the router classified ({@code mailroom.inbound.dsn},
 * {@link DsnReport} v1 JSON, group {@code mailroom-egress-dsn}) and hands each to {@link DsnProcessor}, which matches
 * it to one of our sends and records it. The DSN was parsed once, by the router: egress no longer reads the raw
 * inbound stream (ADR 0026).
 * <p>
 * Failures: a report matching no send is skipped (debug log: mail sent some other way, or a forgery). An undecodable
 * report (not JSON, a newer {@code "v"}), and a report whose recording still fails after
 * {@code mailroom.egress.max-attempts} with back-off (database down), go to {@code mailroom.inbound.dsn.dlq} with the
 * reason, with an {@code outbound.dsn-failed} event; the record is then committed. A dead letter is replayable:
 * recording a DSN is idempotent.
 */
@ApplicationScoped
public class InboundDsnConsumer {

    private final DsnProcessor processor;
    private final EventPublisher events;
    private final EgressConfig config;
    private final MutinyEmitter<byte[]> deadLetters;

    public InboundDsnConsumer(DsnProcessor processor, EventPublisher events, EgressConfig config,
            @Channel(Channels.INBOUND_DSN_DLQ) MutinyEmitter<byte[]> deadLetters) {
        this.processor = processor;
        this.events = events;
        this.config = config;
        this.deadLetters = deadLetters;
    }

    @Incoming(Channels.INBOUND_DSN)
    public Uni<Void> onDsn(ConsumerRecord<String, byte[]> record) {
        DsnReport report;
        try {
            report = Json.decode(record.value(), DsnReport.class, DsnReport.VERSION);
        } catch (ContractException e) {
            return deadLetter(record, null, e.reason() + ": " + e.getMessage(), e);
        }
        Dsn dsn = Dsn.of(report);
        Uni<DsnProcessor.Outcome> attempt = processor.process(dsn);
        Context context = Vertx.currentContext();
        if (context != null) {
            // retries are resubscribed from Mutiny's timer thread: every attempt runs on the record's context
            attempt = attempt.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return attempt
                .onFailure().retry().withBackOff(config.retryBackoff(), config.maxBackoff())
                .atMost(config.maxAttempts() - 1L)
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure != null) {
                        return deadLetter(record, report, "dsn-failed: " + failure, failure);
                    }
                    if (outcome.sendId() == null) {
                        return Uni.createFrom().voidItem();
                    }
                    Log.infof("dsn recorded inboundId=%s sendId=%s events=%d", report.inboundId(),
                            outcome.sendId(), outcome.events().size());
                    return events.publishAll(outcome.events());
                });
    }

    /** Dead-letters {@code record} with {@code reason} and reports it as an {@code outbound.dsn-failed} event. */
    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, DsnReport report, String reason,
            Throwable cause) {
        String inboundId = report != null ? report.inboundId() : record.key() == null ? "unknown" : record.key();
        Log.warnf("dsn dead-lettered inboundId=%s reason=%s", inboundId, reason);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("inboundId", inboundId);
        detail.put("reason", reason);
        if (report != null && report.originalEnvelopeId() != null) {
            detail.put("envelopeId", report.originalEnvelopeId());
        }
        if (report != null && report.originalMessageId() != null) {
            detail.put("originalMessageId", report.originalMessageId());
        }
        Message<byte[]> dead = Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(DeadLetter.headers(record, reason, cause)).build());
        return deadLetters.sendMessage(dead)
                .chain(() -> events.publish(EventPublisher.event("outbound.dsn-failed", inboundId, null, detail)));
    }
}
