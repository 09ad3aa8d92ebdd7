package dev.mailroom.router.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.AgentTable;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RouterFlowTest {

    @Inject
    AgentTable agents;

    @BeforeEach
    void registerAgents() {
        TestAgents.registerEchoAndSupport(agents);
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String publishRaw(List<String> rcpts, String raw) {
        String id = Ids.newId();
        RecordHeaders headers = new RecordHeaders();
        new Envelope(id, "ann@example.org", rcpts, "192.0.2.1", "client.example", false, Instant.now())
                .writeTo(headers);
        KafkaTestClient.produce(Topics.INBOUND_RECEIVED, id, raw.getBytes(StandardCharsets.UTF_8), headers);
        return id;
    }

    private static final String MESSAGE = "From: Ann <ann@example.org>\r\nTo: echo+t1@agents.test\r\n"
            + "Subject: hello\r\nMessage-ID: <m1@example.org>\r\n\r\nbody\r\n";

    @Test
    void eachAcceptedRecipientBecomesOneRoutedRecordKeyedByClassAndInstance() {
        String id = publishRaw(List.of("echo+t1@agents.test", "Support+Ticket-9@other.test"), MESSAGE);
        List<ConsumerRecord<String, byte[]>> routed = KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> r.key() != null && new String(r.value(), StandardCharsets.UTF_8).contains(id), 2, WAIT);
        assertEquals(Set.of("Echo/t1", "Support/ticket-9"),
                routed.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
        ConsumerRecord<String, byte[]> echoRecord = routed.stream().filter(r -> r.key().equals("Echo/t1"))
                .findFirst().orElseThrow();
        RoutedEmail echo = Json.decode(echoRecord.value(), RoutedEmail.class, 1);
        assertEquals(id + ".0", echo.id());
        assertEquals("echo+t1@agents.test", echo.recipient());
        assertEquals("hello", echo.message().subject());
        assertEquals("m1@example.org", echo.message().messageId());
        assertEquals("ann@example.org", echo.message().from().address());
        assertEquals("address", echo.route().by());
        assertFalse(echo.route().verified());
        assertEquals(echo.id(), DeadLetter.header(echoRecord.headers(), KafkaHeaders.MESSAGE_ID));
        // DNS is unreachable in tests: the verdicts say temperror instead of the consumer getting stuck
        assertEquals("temperror", echo.authentication().spf().result());
        assertEquals("example.org", echo.authentication().spf().domain());
        assertTrue(echo.authentication().dkim().isEmpty(), "unsigned message");
        assertTrue(echo.authentication().header().startsWith("mailroom.localhost;"), echo.authentication().header());
        assertTrue(echo.authentication().header().contains("spf=temperror"), echo.authentication().header());
    }

    /**
     * The router's consumer keeps Kafka's default fetch sizes (1 MiB per partition), so that a backlog cannot fill
     * its heap; a larger record must still come through (Kafka returns a fetch's first batch whatever its size).
     */
    @Test
    void aMessageLargerThanOneFetchIsStillRouted() {
        StringBuilder body = new StringBuilder(4_300_000);
        String line = "0123456789".repeat(7) + "abcdef\r\n";
        while (body.length() < 4_200_000) {
            body.append(line);
        }
        String id = publishRaw(List.of("echo+big@agents.test"), "From: Ann <ann@example.org>\r\n"
                + "To: echo+big@agents.test\r\nSubject: big\r\nMessage-ID: <big-" + Ids.newId()
                + "@example.org>\r\n\r\n" + body);
        List<ConsumerRecord<String, byte[]>> routed = KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> (id + ".0").equals(DeadLetter.header(r.headers(), KafkaHeaders.MESSAGE_ID)), 1, WAIT);
        assertEquals("Echo/big", routed.get(0).key());
        assertTrue(routed.get(0).value().length > 4_000_000, "the routed record carries the 4 MiB text: "
                + routed.get(0).value().length);
    }

    @jakarta.inject.Inject
    dev.mailroom.platform.token.ReplyTokenConfig tokens;

    @Test
    void signedReplyRoutesToTheTokensInstanceAndATamperedOneFallsBackWithAnEvent() {
        String token = dev.mailroom.mail.token.ReplyToken.sign(tokens.toKeys(),
                new dev.mailroom.contract.AgentRef("Support", "ticket-77"), "agents.test", "ann@example.org",
                Instant.now());
        String reply = "From: Ann <ann@example.org>\r\nTo: support@agents.test\r\nSubject: Re: ticket\r\n"
                + "Message-ID: <r-" + Ids.newId() + "@example.org>\r\nIn-Reply-To: <" + token + ">\r\n\r\nthanks\r\n";
        String good = publishRaw(List.of("support@agents.test"), reply);
        RoutedEmail routed = Json.decode(KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(good), 1, WAIT).get(0).value(),
                RoutedEmail.class, 1);
        assertEquals("Support/ticket-77", routed.agent().key());
        assertEquals("reply-token", routed.route().by());
        assertTrue(routed.route().verified());

        String tampered = reply.replace(token, token.replaceFirst("\\.b\\.", ".u."));
        String bad = publishRaw(List.of("support@agents.test"), tampered);
        RoutedEmail fallback = Json.decode(KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(bad), 1, WAIT).get(0).value(),
                RoutedEmail.class, 1);
        assertEquals("Support/support", fallback.agent().key());
        assertFalse(fallback.route().verified());
        MailroomEvent event = Json.decode(KafkaTestClient.await(Topics.EVENTS,
                r -> (bad + ".0").equals(r.key()) && new String(r.value(), StandardCharsets.UTF_8)
                        .contains("reply-token-rejected"), 1, WAIT).get(0).value(), MailroomEvent.class, 1);
        assertEquals("reply-token: bad-signature", event.detail().get("reason"));
    }

    @Test
    void nullSenderMailIsMarkedAutomatic() {
        String id = Ids.newId();
        RecordHeaders headers = new RecordHeaders();
        new Envelope(id, "", List.of("echo+bounce@agents.test"), "192.0.2.1", "h", false, Instant.now())
                .writeTo(headers);
        KafkaTestClient.produce(Topics.INBOUND_RECEIVED, id, MESSAGE.getBytes(StandardCharsets.UTF_8), headers);
        RoutedEmail routed = Json.decode(KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 1, WAIT).get(0).value(),
                RoutedEmail.class, 1);
        assertEquals("null-sender", routed.message().autoReply());
    }

    @Test
    void unknownRecipientIsDeadLetteredWithItsReasonWhileTheOthersAreRouted() {
        String id = publishRaw(List.of("nobody@agents.test", "echo+t2@agents.test"), MESSAGE);
        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_RECEIVED),
                r -> id.equals(r.key()), 1, WAIT);
        String reason = DeadLetter.header(dead.get(0).headers(), KafkaHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("unknown-agent: "), reason);
        assertEquals("nobody@agents.test",
                DeadLetter.header(dead.get(0).headers(), KafkaHeaders.DEAD_LETTER_RECIPIENT));
        assertEquals(MESSAGE, new String(dead.get(0).value(), StandardCharsets.UTF_8), "original bytes are kept");
        List<ConsumerRecord<String, byte[]>> routed = KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 1, WAIT);
        assertEquals("Echo/t2", routed.get(0).key());
        List<ConsumerRecord<String, byte[]>> events = KafkaTestClient.await(Topics.EVENTS,
                r -> (id + ".0").equals(r.key()), 1, WAIT);
        MailroomEvent event = Json.decode(events.get(0).value(), MailroomEvent.class, 1);
        assertEquals("inbound.dead-lettered", event.type());
        assertTrue(event.detail().get("reason").startsWith("unknown-agent"));
        assertEquals(id + ".0", new String(events.get(0).headers().lastHeader(
                dev.mailroom.contract.KafkaHeaders.MESSAGE_ID).value(), StandardCharsets.UTF_8),
                "the event header set: mailroom.message-id");
    }

    @Test
    void unparseableMessageIsDeadLetteredNotRetriedForever() {
        String id = publishRaw(List.of("echo@agents.test"), "\u0000\u0001 no header at all");
        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_RECEIVED),
                r -> id.equals(r.key()), 1, WAIT);
        String reason = DeadLetter.header(dead.get(0).headers(), KafkaHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("unparseable: "), reason);
        assertEquals(Topics.INBOUND_RECEIVED,
                DeadLetter.header(dead.get(0).headers(), KafkaHeaders.DEAD_LETTER_TOPIC));
    }

    @Test
    void recordWithoutEnvelopeIsDeadLettered() {
        String key = Ids.newId();
        KafkaTestClient.produce(Topics.INBOUND_RECEIVED, key, MESSAGE.getBytes(StandardCharsets.UTF_8),
                new RecordHeaders());
        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_RECEIVED),
                r -> key.equals(r.key()), 1, WAIT);
        assertTrue(DeadLetter.header(dead.get(0).headers(), KafkaHeaders.DEAD_LETTER_REASON)
                .startsWith("missing-envelope"));
    }

    @Test
    void redeliveredRawRecordYieldsRoutedRecordsWithTheSameIds() {
        String id = Ids.newId();
        RecordHeaders headers = new RecordHeaders();
        new Envelope(id, "ann@example.org", List.of("echo+again@agents.test"), "192.0.2.1", "h", false,
                Instant.now()).writeTo(headers);
        byte[] raw = MESSAGE.getBytes(StandardCharsets.UTF_8);
        KafkaTestClient.produce(Topics.INBOUND_RECEIVED, id, raw, headers);
        KafkaTestClient.produce(Topics.INBOUND_RECEIVED, id, raw, headers);
        List<ConsumerRecord<String, byte[]>> routed = KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 2, WAIT);
        assertEquals(Set.of(id + ".0"), routed.stream()
                .map(r -> Json.decode(r.value(), RoutedEmail.class, 1).id()).collect(Collectors.toSet()));
    }

    @Test
    void recordsOfOnePartitionAreRoutedInOffsetOrderAlthoughTheirSendsArePipelined() {
        String instance = "burst" + Ids.newId().substring(12, 20);
        String partitionKey = "echo+" + instance + "@agents.test";
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = Ids.newId();
            ids.add(id);
            RecordHeaders headers = new RecordHeaders();
            new Envelope(id, "ann@example.org", List.of(partitionKey), "192.0.2.1", "h", false, Instant.now())
                    .writeTo(headers);
            String raw = "From: Ann <ann@example.org>\r\nTo: " + partitionKey + "\r\nSubject: n=" + i
                    + "\r\nMessage-ID: <" + id + "@example.org>\r\n\r\nbody " + i + "\r\n";
            KafkaTestClient.produce(Topics.INBOUND_RECEIVED, partitionKey, raw.getBytes(StandardCharsets.UTF_8),
                    headers);
        }
        List<ConsumerRecord<String, byte[]>> routed = KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> ("Echo/" + instance).equals(r.key()), 40, WAIT);
        assertEquals(ids.stream().map(id -> id + ".0").toList(), routed.stream()
                .map(r -> Json.decode(r.value(), RoutedEmail.class, 1).id()).toList(), "offset order kept");
    }
}
