package dev.mailroom.egress.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.mailroom.contract.ContractException;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.config.EgressConfig;
import dev.mailroom.egress.delivery.DeliveryException;
import dev.mailroom.egress.delivery.MessageIds;
import dev.mailroom.egress.delivery.SmtpDelivery;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Consumes send requests and delivers them. Each ends delivered ({@code outbound.delivered} event) or dead-lettered
 * with a reason ({@code outbound.dead-lettered} event): undecodable, no recipient, permanently rejected, or still
 * failing temporarily after {@code mailroom.egress.max-attempts}.
 */
@ApplicationScoped
public class OutboundConsumer {

    private static final String SERVICE = "egress-sender";

    private final SmtpDelivery delivery;
    private final MessageIds messageIds;
    private final EgressConfig config;
    private final MutinyEmitter<byte[]> deadLetters;
    private final MutinyEmitter<byte[]> events;

    public OutboundConsumer(SmtpDelivery delivery, MessageIds messageIds, EgressConfig config,
            @Channel(Channels.OUTBOUND_REQUESTED_DLQ) MutinyEmitter<byte[]> deadLetters,
            @Channel(Channels.EVENTS) MutinyEmitter<byte[]> events) {
        this.delivery = delivery;
        this.messageIds = messageIds;
        this.config = config;
        this.deadLetters = deadLetters;
        this.events = events;
    }

    @Incoming(Channels.OUTBOUND_REQUESTED)
    public Uni<Void> onRequest(ConsumerRecord<String, byte[]> record) {
        OutboundRequest request;
        try {
            request = Json.decode(record.value(), OutboundRequest.class, OutboundRequest.VERSION);
        } catch (ContractException e) {
            return deadLetter(record, record.key(), e.reason() + ": " + e.getMessage(), e);
        }
        if (request.allRecipients().isEmpty()) {
            return deadLetter(record, request.id(), "no-recipient: the request has no to, cc or bcc", null);
        }
        String messageId = messageIds.messageId(request);
        return delivery.deliver(request, messageId)
                .onFailure(e -> !(e instanceof DeliveryException d) || !d.permanent()).retry()
                .withBackOff(config.retryBackoff(), config.maxBackoff()).atMost(config.maxAttempts() - 1L)
                .onItemOrFailure().transformToUni((ok, failure) -> {
                    if (failure == null) {
                        Log.infof("delivered sendId=%s messageId=%s rcpts=%d", request.id(),
                                messageId, request.allRecipients().size());
                        return event(MailroomEvent.of("outbound.delivered", request.id(), SERVICE,
                                Map.of("messageId", messageId)));
                    }
                    DeliveryException d = failure instanceof DeliveryException de ? de
                            : new DeliveryException("temporary-failure", failure.toString(), false, failure);
                    String reason = (d.permanent() ? d.reason() : "retries-exhausted") + ": " + d.getMessage();
                    return deadLetter(record, request.id(), reason, d.getCause());
                });
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String id, String reason, Throwable cause) {
        Log.warnf("dead-lettered sendId=%s reason=%s", id, reason);
        Message<byte[]> dead = Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(DeadLetter.headers(record, reason, cause)).build());
        return deadLetters.sendMessage(dead).chain(() -> event(MailroomEvent.of("outbound.dead-lettered",
                id == null ? "unknown" : id, SERVICE, Map.of("reason", reason))));
    }

    private Uni<Void> event(MailroomEvent event) {
        return events.sendMessage(Message.of(Json.encode(event)).addMetadata(OutgoingKafkaRecordMetadata
                .<String>builder().withKey(event.messageId()).withHeaders(new RecordHeaders()).build()));
    }
}
