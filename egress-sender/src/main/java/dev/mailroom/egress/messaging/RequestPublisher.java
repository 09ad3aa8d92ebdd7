package dev.mailroom.egress.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.mailroom.contract.KafkaHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Puts REST-accepted send requests on {@code mailroom.outbound.requested}, so API mail takes the same path as agent
 * mail. Completes when Kafka acknowledged (acks=all, idempotent producer). The record carries the caller's trace
 * context ({@code traceparent}, ADR 0027).
 */
@ApplicationScoped
public class RequestPublisher {

    private final MutinyEmitter<byte[]> out;

    public RequestPublisher(@Channel(Channels.OUTBOUND_REQUESTED_PUBLISH) MutinyEmitter<byte[]> out) {
        this.out = out;
    }

    public Uni<Void> publish(String sendId, String requestJson) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.MESSAGE_ID, sendId.getBytes(StandardCharsets.UTF_8));
        // the caller's trace (the REST request's span), captured here: the connector sends on a thread of its own
        return out.sendMessage(Message.of(requestJson.getBytes(StandardCharsets.UTF_8)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(sendId).withHeaders(headers).build())
                .addMetadata(io.smallrye.reactive.messaging.TracingMetadata.withCurrent(
                        io.opentelemetry.context.Context.current())));
    }
}
