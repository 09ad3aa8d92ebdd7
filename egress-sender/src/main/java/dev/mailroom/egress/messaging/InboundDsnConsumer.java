package dev.mailroom.egress.messaging;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.egress.config.EgressConfig;
import dev.mailroom.egress.dsn.Dsn;
import dev.mailroom.egress.dsn.DsnParser;
import dev.mailroom.egress.service.DsnProcessor;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Reads every raw inbound message ({@code mailroom.inbound.received}, own group {@code mailroom-egress-dsn}) for
 * delivery status notifications (RFC 3464) about our sends, and hands them to {@link DsnProcessor}. Most records
 * are ordinary mail and stop at a cheap pre-check: the top-level {@code Content-Type} is
 * {@code multipart/report; report-type=delivery-status}, or the envelope sender is null ({@code <>}); only those
 * are parsed (on a worker thread: CPU work). The router reads the same records and routes the DSN like any mail.
 * <p>
 * Failures: a record that is not a usable DSN, or a DSN that matches no send, is skipped (debug log). Recording a
 * DSN that still fails after {@code mailroom.egress.max-attempts} with back-off (database down) is logged and
 * reported as an {@code outbound.dsn-failed} event, and the record is committed. Nothing is dead-lettered: the
 * topic's dead-letter twin {@code mailroom.inbound.received.dlq} belongs to the router (it holds mail the router
 * could not route, for replay into routing), and the DSN stays on the topic for a replay of this group.
 */
@ApplicationScoped
public class InboundDsnConsumer {

    private final DsnProcessor processor;
    private final EventPublisher events;
    private final EgressConfig config;

    public InboundDsnConsumer(DsnProcessor processor, EventPublisher events, EgressConfig config) {
        this.processor = processor;
        this.events = events;
        this.config = config;
    }

    @Incoming(Channels.INBOUND_RECEIVED_DSN)
    public Uni<Void> onInbound(ConsumerRecord<String, byte[]> record) {
        byte[] raw = record.value();
        if (raw == null || !(DsnParser.looksLikeDsn(raw) || nullSender(record.headers()))) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        Uni<Optional<Dsn>> parsed = context == null ? Uni.createFrom().item(() -> DsnParser.parse(raw))
                : Uni.createFrom().item(() -> DsnParser.parse(raw))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .emitOn(task -> context.runOnContext(ignored -> task.run()));
        return parsed.chain(dsn -> {
            if (dsn.isEmpty()) {
                Log.debugf("inbound not a usable dsn inboundId=%s", record.key());
                return Uni.createFrom().voidItem();
            }
            return record(record.key(), dsn.get(), context);
        }).onFailure().recoverWithUni(e -> {
            Log.warnf("dsn not processed inboundId=%s error=%s", record.key(), e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> record(String inboundId, Dsn dsn, Context context) {
        Uni<DsnProcessor.Outcome> attempt = processor.process(dsn);
        if (context != null) {
            // retries are resubscribed from Mutiny's timer thread: every attempt runs on the record's context
            attempt = attempt.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return attempt
                .onFailure().retry().withBackOff(config.retryBackoff(), config.maxBackoff())
                .atMost(config.maxAttempts() - 1L)
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure != null) {
                        Log.warnf("dsn failed inboundId=%s envelopeId=%s messageId=%s error=%s", inboundId,
                                dsn.originalEnvelopeId(), dsn.originalMessageId(), failure.toString());
                        Map<String, String> detail = new LinkedHashMap<>();
                        detail.put("inboundId", inboundId == null ? "unknown" : inboundId);
                        detail.put("reason", "dsn-failed: " + failure);
                        if (dsn.originalEnvelopeId() != null) {
                            detail.put("envelopeId", dsn.originalEnvelopeId());
                        }
                        if (dsn.originalMessageId() != null) {
                            detail.put("originalMessageId", dsn.originalMessageId());
                        }
                        return events.publish(EventPublisher.event("outbound.dsn-failed",
                                inboundId == null ? "unknown" : inboundId, null, detail));
                    }
                    if (outcome.sendId() == null) {
                        return Uni.createFrom().voidItem();
                    }
                    Log.infof("dsn recorded inboundId=%s sendId=%s events=%d", inboundId, outcome.sendId(),
                            outcome.events().size());
                    return events.publishAll(outcome.events());
                });
    }

    /** The envelope sender is the null reverse path ({@link KafkaHeaders#MAIL_FROM} empty, or {@code <>}). */
    static boolean nullSender(Headers headers) {
        Header from = headers == null ? null : headers.lastHeader(KafkaHeaders.MAIL_FROM);
        if (from == null || from.value() == null) {
            return false;
        }
        String value = new String(from.value(), StandardCharsets.UTF_8).trim();
        return value.isEmpty() || value.equals("<>");
    }
}
