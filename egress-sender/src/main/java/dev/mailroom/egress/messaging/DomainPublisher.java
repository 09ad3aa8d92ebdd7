package dev.mailroom.egress.messaging;

import java.time.Duration;
import java.util.Properties;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import io.smallrye.mutiny.Uni;

/**
 * Publishes the domain store to the compacted topic {@link Topics#DOMAINS}: a {@link DomainRecord} per domain, keyed
 * by its name, and a tombstone (null value) when it is removed. A plain producer (acks=all, idempotent): a tombstone
 * is a record with a null value, and the caller waits for exactly this record's acknowledgement.
 */
@ApplicationScoped
public class DomainPublisher {

    private final KafkaProducer<String, byte[]> producer;

    public DomainPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "egress-sender-domains");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    /** Publishes {@code record}, keyed by its name; completes when the broker has it. */
    public Uni<Void> publish(DomainRecord record) {
        return send(record.name(), Json.encode(record));
    }

    /** Publishes the tombstone of {@code name}: compaction then forgets the domain, and readers drop it. */
    public Uni<Void> remove(String name) {
        return send(name, null);
    }

    private Uni<Void> send(String key, byte[] value) {
        return Uni.createFrom().<Void>emitter(em -> {
            try {
                producer.send(new ProducerRecord<>(Topics.DOMAINS, key, value), (metadata, error) -> {
                    if (error != null) {
                        em.fail(error);
                    } else {
                        em.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                em.fail(e);
            }
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
