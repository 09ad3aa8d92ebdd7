package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The broker is stopped in the middle of the test and started again: no {@code 250} while it is down, and every
 * message acknowledged before, during (none) and after is on the topic exactly once; the refused ones are not.
 */
@QuarkusTest
@WithTestResource(RestartableKafka.class)
class KafkaRestartTest {

    private static final String QUEUED = "250 2.0.0 Ok: queued as ";
    private static final String RETRY = "451 4.3.0 Temporary failure, please try again later";

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void noAcknowledgementWhileTheBrokerIsDownAndEveryAcknowledgedMessageExactlyOnce() throws Exception {
        Map<String, String> acknowledged = new HashMap<>(); // inbound id -> marker
        List<String> refused = new ArrayList<>(); // markers answered 451
        for (int i = 0; i < 3; i++) {
            String marker = UUID.randomUUID().toString();
            String reply = send(marker);
            assertTrue(reply.startsWith(QUEUED), reply);
            acknowledged.put(reply.substring(QUEUED.length()).trim(), marker);
        }

        RestartableKafka.stopBroker();
        for (int i = 0; i < 2; i++) {
            String marker = UUID.randomUUID().toString();
            assertEquals(RETRY, send(marker), "no 250 while the broker is down");
            refused.add(marker);
        }

        RestartableKafka.startBroker();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int after = 0;
        while (after < 3) {
            String marker = UUID.randomUUID().toString();
            String reply = send(marker);
            if (reply.startsWith(QUEUED)) {
                acknowledged.put(reply.substring(QUEUED.length()).trim(), marker);
                after++;
            } else {
                assertEquals(RETRY, reply, "the only other answer is: try again");
                refused.add(marker); // a client retries with a new transaction, as this loop does
                if (System.nanoTime() > deadline) {
                    fail("no 250 within 90 s of the broker's restart");
                }
            }
        }

        Map<String, Integer> counts = new HashMap<>();
        List<String> bodies = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(acknowledged.size())) {
            counts.merge(r.key(), 1, Integer::sum);
            bodies.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            assertEquals(1, counts.getOrDefault(e.getKey(), 0), "exactly once: " + e.getKey());
            assertTrue(bodies.stream().anyMatch(b -> b.contains(e.getValue())));
        }
        for (String marker : refused) {
            assertTrue(bodies.stream().noneMatch(b -> b.contains(marker)), "a 451 message never lands: " + marker);
        }
        assertEquals(acknowledged.size(), counts.size(), "nothing else on the topic: " + counts);
    }

    private String send(String marker) throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            String reply = client.send("ann@example.org", new String[] { "echo@agents.test" },
                    "From: ann@example.org\r\nSubject: restart\r\n\r\n" + marker);
            client.quit();
            return reply;
        }
    }

    /**
     * Every record of the topic, read from the beginning until at least {@code expected} came (30 s at most) and then
     * nothing new for 2 seconds.
     */
    private static List<ConsumerRecord<String, byte[]>> readAll(int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RestartableKafka.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INBOUND_RECEIVED, Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < quietUntil || (all.size() < expected && System.nanoTime() < giveUp)) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) {
                    batch.forEach(all::add);
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return all;
    }
}
