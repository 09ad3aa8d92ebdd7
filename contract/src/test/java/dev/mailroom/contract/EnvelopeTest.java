package dev.mailroom.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void envelopeSurvivesKafkaHeadersWithEveryRecipientInOrder() {
        Envelope envelope = new Envelope("in1", "", List.of("b@d", "a@d"), "10.0.0.1", "mx.example", true,
                Instant.parse("2026-11-23T10:00:00Z"));
        RecordHeaders headers = new RecordHeaders();
        envelope.writeTo(headers);
        assertEquals(envelope, Envelope.readFrom(headers));
    }

    @Test
    void envelopeWithoutRecipientsIsAContractViolation() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.INBOUND_ID, "x".getBytes());
        ContractException e = assertThrows(ContractException.class, () -> Envelope.readFrom(headers));
        assertEquals("missing-envelope", e.reason());
    }

    @Test
    void deadLetterHeadersKeepTheOriginalHeadersAndSayWhereAndWhy() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", 3, 42L, "k", new byte[0]);
        record.headers().add("dead-letter-reason", "old".getBytes());
        record.headers().add(KafkaHeaders.MESSAGE_ID, "m1".getBytes());
        var headers = DeadLetter.headers(record, "unknown-agent: nope", new IllegalStateException("boom"));
        assertEquals("unknown-agent: nope", DeadLetter.header(headers, KafkaHeaders.DEAD_LETTER_REASON));
        assertEquals("t", DeadLetter.header(headers, KafkaHeaders.DEAD_LETTER_TOPIC));
        assertEquals("3", DeadLetter.header(headers, KafkaHeaders.DEAD_LETTER_PARTITION));
        assertEquals("42", DeadLetter.header(headers, KafkaHeaders.DEAD_LETTER_OFFSET));
        assertEquals("m1", DeadLetter.header(headers, KafkaHeaders.MESSAGE_ID));
        assertTrue(DeadLetter.header(headers, KafkaHeaders.DEAD_LETTER_CAUSE).contains("boom"));
        assertEquals(1, countReasons(headers), "the stale reason of an earlier dead letter is dropped");
    }

    private static int countReasons(org.apache.kafka.common.header.Headers headers) {
        int n = 0;
        for (var h : headers.headers(KafkaHeaders.DEAD_LETTER_REASON)) {
            n++;
        }
        return n;
    }

    @Test
    void newIdsAreUniqueAndTimeOrderedAndDerivedIdsAreStable() {
        String a = Ids.newId();
        String b = Ids.newId();
        assertNotEquals(a, b);
        assertEquals(28, a.length());
        assertTrue(a.substring(0, 12).compareTo(b.substring(0, 12)) <= 0);
        assertEquals(Ids.derived("x", "1"), Ids.derived("x", "1"));
        assertNotEquals(Ids.derived("x", "1"), Ids.derived("x1"));
    }
}
