package dev.mailroom.mailbox.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mailbox.config.ReplyConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Puts the replies and forwards of plain mailboxes on {@code mailroom.outbound.requested} (key and header
 * {@code mailroom.message-id} = send id, {@code mailroom.causation-id} = the message answered): {@link #publish}
 * completes once Kafka acknowledged the record (acks=all, platform's KafkaDefaults), and fails when it did not
 * within {@code mailroom.mailbox.send-timeout}; the channel's producer drops a record it could not deliver by then
 * ({@code delivery.timeout.ms} in application.properties), so a failure means nothing was accepted (ADR 0032).
 */
@ApplicationScoped
public class OutboundSends {

    /** The outgoing channel (application.properties maps it to {@code mailroom.outbound.requested}). */
    public static final String CHANNEL = "outbound-send";

    /** Kafka did not acknowledge in time (or the channel is not connected yet). */
    public static final class NotAccepted extends RuntimeException {
        NotAccepted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final MutinyEmitter<byte[]> emitter;
    private final Duration timeout;

    public OutboundSends(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, ReplyConfig config) {
        this.emitter = emitter;
        this.timeout = config.sendTimeout();
    }

    public Uni<Void> publish(OutboundRequest request) {
        return Uni.createFrom().deferred(() -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(KafkaHeaders.MESSAGE_ID, request.id().getBytes(StandardCharsets.UTF_8));
            if (request.causationId() != null) {
                headers.add(KafkaHeaders.CAUSATION_ID, request.causationId().getBytes(StandardCharsets.UTF_8));
            }
            return emitter.sendMessage(Message.of(Json.encode(request)).addMetadata(OutgoingKafkaRecordMetadata
                    .<String>builder().withKey(request.id()).withHeaders(headers).build()));
        }).ifNoItem().after(timeout.multipliedBy(2).plusSeconds(1)).fail() // metadata wait, then delivery
                .onFailure().transform(f -> new NotAccepted("kafka did not acknowledge send " + request.id(), f));
    }
}
