package dev.mailroom.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.observability.TraceHeaders;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;

/** Events published on a producer of their own reach mailroom.events, keyed and with the header set. */
class EventProducerKafkaTest {

    private static final Events EVENTS = new Events("platform-test");

    @Test
    void publishedEventsArriveKeyedByMessageIdWithTheirHeaders() {
        String id = "m-" + UUID.randomUUID();
        MailroomEvent received = EVENTS.event("inbound.received", id, Map.of("rcpts", "1"));
        MailroomEvent routed = EVENTS.event("inbound.routed", id, Map.of("agent", "echo"));
        try (EventProducer producer = new EventProducer(KafkaTestResource.bootstrapServers(), "platform-test-ev")) {
            producer.publish(received);
            producer.publish(routed, "cause-1");
        }
        List<ConsumerRecord<String, byte[]>> found = KafkaTestClient.await(Topics.EVENTS, r -> id.equals(r.key()),
                2, Duration.ofSeconds(20));
        ConsumerRecord<String, byte[]> first = found.get(0);
        assertEquals(received, Json.decode(first.value(), MailroomEvent.class, MailroomEvent.VERSION));
        assertEquals(id, text(first, KafkaHeaders.MESSAGE_ID));
        assertNull(first.headers().lastHeader(KafkaHeaders.CAUSATION_ID));
        assertNull(first.headers().lastHeader(TraceHeaders.TRACEPARENT), "no span, no traceparent");
        ConsumerRecord<String, byte[]> second = found.get(1);
        assertEquals(routed, Json.decode(second.value(), MailroomEvent.class, MailroomEvent.VERSION));
        assertEquals("cause-1", text(second, KafkaHeaders.CAUSATION_ID));
    }

    @Test
    void anUnreachableBrokerNeitherBlocksNorThrows() {
        Instant start = Instant.now();
        try (EventProducer producer = new EventProducer("127.0.0.1:1", "platform-test-down")) {
            for (int i = 0; i < 100; i++) {
                producer.publish(EVENTS.event("inbound.received", "down-" + i, Map.of()));
            }
            assertEquals(true, Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(2)) < 0,
                    "publish only queues");
        }
    }

    @Test
    void settingsAreTheSharedOnesWithTheEventProducersOwn() {
        var props = EventProducer.settings("b:1", "c");
        assertEquals("1", props.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(false, props.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("b:1", props.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("c", props.get(ProducerConfig.CLIENT_ID_CONFIG));
    }

    private static String text(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
