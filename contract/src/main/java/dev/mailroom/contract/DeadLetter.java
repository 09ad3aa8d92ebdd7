package dev.mailroom.contract;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the headers of a dead-letter record: the original record's headers, then where it came from and why it
 * could not be processed. The dead-letter record keeps the original key and value unchanged, so it can be replayed.
 */
public final class DeadLetter {

    private DeadLetter() {
    }

    /**
     * @param original the record that failed
     * @param reason   short machine-readable reason followed by a human text, e.g.
     *                 {@code unknown-agent: no agent class for local part 'foo'}
     * @param cause    the exception, or null
     */
    public static Headers headers(ConsumerRecord<?, ?> original, String reason, Throwable cause) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : original.headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                headers.add(h);
            }
        }
        put(headers, KafkaHeaders.DEAD_LETTER_REASON, reason);
        if (cause != null) {
            put(headers, KafkaHeaders.DEAD_LETTER_CAUSE, cause.getClass().getName() + ": " + cause.getMessage());
        }
        put(headers, KafkaHeaders.DEAD_LETTER_TOPIC, original.topic());
        put(headers, KafkaHeaders.DEAD_LETTER_PARTITION, Integer.toString(original.partition()));
        put(headers, KafkaHeaders.DEAD_LETTER_OFFSET, Long.toString(original.offset()));
        return headers;
    }

    /** The value of the last header {@code name}, or null. */
    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
