package dev.mailroom.api.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.kafka.KafkaDefaults;

/** What is on {@code mailroom.outbound.requested} of a given broker, read from the beginning. */
public final class Topic {

    private Topic() {
    }

    /** Every record of the topic, read until nothing new came for {@code quiet}. */
    public static List<ConsumerRecord<String, byte[]>> outbound(String bootstrapServers, Duration quiet) {
        Properties props = KafkaDefaults.consumer(bootstrapServers, "api-test-reader");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "api-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.OUTBOUND_REQUESTED));
            long lastNew = System.nanoTime();
            while (System.nanoTime() - lastNew < quiet.toNanos()) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) {
                    batch.forEach(all::add);
                    lastNew = System.nanoTime();
                }
            }
        }
        return all;
    }

    /** The records whose key is {@code sendId}. */
    public static List<ConsumerRecord<String, byte[]>> withKey(List<ConsumerRecord<String, byte[]>> records,
            String sendId) {
        return records.stream().filter(r -> sendId.equals(r.key())).toList();
    }

    /** The request of a record. */
    public static OutboundRequest request(ConsumerRecord<String, byte[]> record) {
        return Json.decode(record.value(), OutboundRequest.class, OutboundRequest.VERSION);
    }
}
