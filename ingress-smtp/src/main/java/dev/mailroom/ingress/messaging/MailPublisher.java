package dev.mailroom.ingress.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.platform.kafka.KafkaDefaults;
import dev.mailroom.platform.observability.TraceHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Publishes what ingress-smtp accepts: raw inbound messages to {@link Topics#INBOUND_RECEIVED} (MX listener) and
 * submitted messages as {@link OutboundRequest}s to {@link Topics#OUTBOUND_REQUESTED} (submission listener). The
 * returned {@link Uni} completes only when every in-sync replica has the record ({@code acks=all}, idempotent
 * producer): this is what ingress-smtp waits for before it answers {@code 250}. One producer for both, so both
 * share its batching. Each record carries the trace context current on the calling thread (the SMTP transaction's
 * span) in a {@code traceparent} header: this producer is not Reactive Messaging's, so nothing else would.
 *
 * <p>A plain {@link KafkaProducer} rather than a Reactive Messaging emitter: the SMTP reply depends on the fate of
 * exactly this record within a bounded time, and the producer's own callback says exactly that, with no buffer in
 * between (see docs/adr/0003-data-acknowledgement.md).
 */
@ApplicationScoped
public class MailPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final MeterRegistry registry;
    /** The producer's own metrics ({@code kafka_producer_*}) at /q/metrics: this producer is not Quarkus's. */
    private final io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics clientMetrics;

    public MailPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            IngressConfig config, MeterRegistry registry) {
        this.registry = registry;
        int deliveryTimeoutMs = (int) config.kafka().deliveryTimeout().toMillis();
        // platform's shared settings: acks=all, idempotent, max.request.size = Topics.MAX_RECORD_BYTES
        Properties props = KafkaDefaults.producer(bootstrapServers, "ingress-smtp");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        // A send never outlives the SMTP transaction that waits for it: request and delivery timeouts are bounded
        // and shorter than mailroom.smtp.kafka-ack-timeout; metadata waits (broker down at start) too.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, deliveryTimeoutMs - 10));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * Topics.MAX_RECORD_BYTES);
        this.producer = new KafkaProducer<>(props);
        this.clientMetrics = new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
    }

    /**
     * Publishes one raw message, keyed by its inbound id, with the envelope in headers, on the partition of its
     * first recipient ({@link #partitionOf}): mail to one address stays in the order it was accepted, all the way to
     * the agent (the router reads a partition in order; agent-host keeps per-instance order). Keyed by a random id
     * instead, two messages to one instance accepted milliseconds apart could reach the router reversed. Blocks the
     * caller for at most {@code max.block.ms} when the broker's metadata is unknown; call it from a worker thread.
     */
    public Uni<Void> publish(Envelope envelope, byte[] raw) {
        Integer partition;
        try {
            partition = envelope.rcptTo().isEmpty() ? null : partitionOf(envelope.rcptTo().get(0),
                    producer.partitionsFor(Topics.INBOUND_RECEIVED).size());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e); // no metadata within max.block.ms: the caller answers 451
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INBOUND_RECEIVED, partition,
                envelope.inboundId(), raw);
        envelope.writeTo(record.headers());
        TraceHeaders.inject(io.opentelemetry.context.Context.current(), record.headers()); // the SMTP transaction's span
        return send(record);
    }

    /**
     * Publishes one submitted message as an {@link OutboundRequest} JSON, keyed by its send id, with the id also in
     * the {@link KafkaHeaders#MESSAGE_ID} header. Blocks like {@link #publish(Envelope, byte[])}.
     */
    public Uni<Void> publish(OutboundRequest request) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.OUTBOUND_REQUESTED, request.id(),
                Json.encode(request));
        record.headers().add(KafkaHeaders.MESSAGE_ID, request.id().getBytes(StandardCharsets.UTF_8));
        TraceHeaders.inject(io.opentelemetry.context.Context.current(), record.headers());
        return send(record);
    }

    private Uni<Void> send(ProducerRecord<String, byte[]> record) {
        return Uni.createFrom().emitter(em -> {
            long start = System.nanoTime();
            try {
                producer.send(record, (metadata, error) -> {
                    Timer.builder("mailroom.kafka.ack").description("time from send to Kafka's acknowledgement")
                            .tag("topic", record.topic()).tag("outcome", error == null ? "acknowledged" : "failed")
                            .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    if (error != null) {
                        em.fail(error);
                    } else {
                        em.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                em.fail(e);
            }
        });
    }

    /**
     * The partition of mail whose first recipient is {@code recipient}: Kafka's own key hash (murmur2) of the
     * address in lower case, so it spreads like keyed records do.
     */
    public static int partitionOf(String recipient, int partitions) {
        byte[] key = recipient.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
                % partitions;
    }

    @PreDestroy
    void close() {
        clientMetrics.close();
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
