package dev.mailroom.router.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;

/** Raw messages for one recipient, as ingress publishes them, and what the router made of them. */
final class TestInbound {

    static final Duration WAIT = Duration.ofSeconds(30);

    private TestInbound() {
    }

    /** Publishes a small message to {@code rcpt}; its inbound id. */
    static String publish(String rcpt) {
        String id = Ids.newId();
        RecordHeaders headers = new RecordHeaders();
        new Envelope(id, "ann@example.org", List.of(rcpt), "192.0.2.1", "client.example", false, Instant.now())
                .writeTo(headers);
        String raw = "From: Ann <ann@example.org>\r\nTo: " + rcpt + "\r\nSubject: hello\r\nMessage-ID: <" + id
                + "@example.org>\r\n\r\nbody\r\n";
        KafkaTestClient.produce(Topics.INBOUND_RECEIVED, id, raw.getBytes(StandardCharsets.UTF_8), headers);
        return id;
    }

    /** The key ({@code Class/instance}) of the routed record of inbound message {@code id}. */
    static String routedKey(String id) {
        return KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 1, WAIT).get(0).key();
    }

    /** The dead-letter reason of inbound message {@code id}. */
    static String deadLetterReason(String id) {
        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_RECEIVED),
                r -> id.equals(r.key()), 1, WAIT);
        return DeadLetter.header(dead.get(0).headers(), KafkaHeaders.DEAD_LETTER_REASON);
    }
}
