package dev.mailroom.api.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.api.config.SendConfig;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.kafka.KafkaDefaults;
import dev.mailroom.platform.observability.TraceHeaders;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Puts accepted sends on {@code mailroom.outbound.requested} (key = send id, header {@code mailroom.message-id} =
 * send id, the caller's {@code traceparent}) with a producer of its own: platform's {@link KafkaDefaults} (acks=all,
 * idempotent) and every timeout bounded by {@link SendConfig#kafkaTimeout()}. {@link #publish} completes when the
 * broker acknowledged every record, and fails when one was not acknowledged within the bound: the producer then
 * drops that record itself ({@code delivery.timeout.ms}), so it is never written after the api answered 503.
 * Only a record whose acknowledgement was lost on the way back (written, then the answer timed out) may exist after
 * a failure, and, in a batch, the records handed to the producer before the one that failed; their send ids are the
 * same on a retry with the same Idempotency-Key and egress-sender spools a send id once. Once a record of a batch
 * failed, the later ones are not handed to the producer at all ({@code send} reports a metadata timeout through the
 * callback, not by throwing: without this check a later record could be written after the 503).
 */
@ApplicationScoped
public class OutboundProducer {

    private final KafkaProducer<String, byte[]> producer;

    public OutboundProducer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            SendConfig config) {
        Properties props = KafkaDefaults.producer(bootstrapServers, "api-sends");
        int bound = (int) Math.max(1000, config.kafkaTimeout().toMillis());
        // delivery.timeout.ms >= linger.ms + request.timeout.ms, all within the bound
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, bound);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, bound);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, bound);
        this.producer = new KafkaProducer<>(props);
    }

    /**
     * Publishes {@code requests}; completes once Kafka acknowledged all of them, fails with the first failure
     * otherwise (records of a batch handed over before it may have been written). {@code send} may block while the topic's metadata is
     * unknown: it runs on a worker thread, never on the caller's event loop.
     */
    public Uni<Void> publish(List<OutboundRequest> requests) {
        Context trace = Context.current();
        return Uni.createFrom().<Void>emitter(emitter -> {
            int[] left = { requests.size() };
            boolean[] done = { false };
            for (OutboundRequest request : requests) {
                synchronized (done) {
                    if (done[0]) {
                        return; // an earlier record failed (send reports most failures through the callback)
                    }
                }
                RecordHeaders headers = new RecordHeaders();
                headers.add(KafkaHeaders.MESSAGE_ID, request.id().getBytes(StandardCharsets.UTF_8));
                TraceHeaders.inject(trace, headers);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.OUTBOUND_REQUESTED, null,
                        request.id(), Json.encode(request), headers);
                try {
                    producer.send(record, (metadata, failure) -> {
                        synchronized (done) {
                            if (done[0]) {
                                return;
                            }
                            if (failure != null) {
                                done[0] = true;
                                Log.warnf("send not acknowledged by kafka sendId=%s error=%s", request.id(),
                                        failure.toString());
                                emitter.fail(failure);
                            } else if (--left[0] == 0) {
                                done[0] = true;
                                emitter.complete(null);
                            }
                        }
                    });
                } catch (RuntimeException e) { // metadata not available within max.block.ms, record too large
                    synchronized (done) {
                        if (!done[0]) {
                            done[0] = true;
                            Log.warnf("send not handed to kafka sendId=%s error=%s", request.id(), e.toString());
                            emitter.fail(e);
                        }
                    }
                    return;
                }
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
