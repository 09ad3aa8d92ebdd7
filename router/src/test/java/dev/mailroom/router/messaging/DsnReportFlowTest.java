package dev.mailroom.router.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.DsnReport;
import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * DSNs (RFC 3464) on the raw topic become {@link DsnReport}s on {@code mailroom.inbound.dsn}, besides being routed
 * as before; other mail does not. Same test resources as {@link RouterFlowTest}, so Quarkus boots once.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DsnReportFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String publishRaw(String mailFrom, List<String> rcpts, Instant receivedAt, String raw) {
        String id = Ids.newId();
        RecordHeaders headers = new RecordHeaders();
        new Envelope(id, mailFrom, rcpts, "192.0.2.25", "relay.remote.test", true, receivedAt).writeTo(headers);
        KafkaTestClient.produce(Topics.INBOUND_RECEIVED, id, raw.getBytes(StandardCharsets.UTF_8), headers);
        return id;
    }

    /** A Postfix-style DSN to {@code to}: one failed recipient, the returned header with {@code messageId}. */
    static String dsn(String to, String envelopeId, String messageId) {
        return "From: Mail Delivery System <MAILER-DAEMON@relay.remote.test>\r\nTo: " + to + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied\r\n"
                + "Message-ID: <" + Ids.newId() + "@relay.remote.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"=_b\"\r\n\r\n"
                + "--=_b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                + "--=_b\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; relay.remote.test\r\n"
                + (envelopeId == null ? "" : "Original-Envelope-Id: " + envelopeId + "\r\n") + "\r\n"
                + "Final-Recipient: rfc822; gone@remote.test\r\nOriginal-Recipient: rfc822; gone@remote.test\r\n"
                + "Action: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.remote.test\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <gone@remote.test>: User unknown\r\n\r\n"
                + "--=_b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                + "From: " + to + "\r\nTo: gone@remote.test\r\nMessage-ID: <" + messageId + ">\r\nSubject: hi\r\n"
                + "\r\n--=_b--\r\n";
    }

    private static DsnReport report(ConsumerRecord<String, byte[]> record) {
        return Json.decode(record.value(), DsnReport.class, DsnReport.VERSION);
    }

    @Test
    void aDsnToAnAgentBecomesADsnReportKeyedBySendIdAndStillReachesTheAgentMarkedAutomatic() {
        String sendId = Ids.newId();
        String messageId = sendId + "@agents.test";
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = publishRaw("", List.of("echo+t1@agents.test"), receivedAt,
                dsn("echo+t1@agents.test", sendId, messageId));

        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(Topics.INBOUND_DSN,
                r -> id.equals(DeadLetter.header(r.headers(), KafkaHeaders.MESSAGE_ID)), 1, WAIT).get(0);
        assertEquals(sendId, record.key(), "keyed by the original envelope id: the send id");
        assertEquals(id, DeadLetter.header(record.headers(), KafkaHeaders.CAUSATION_ID));
        DsnReport report = report(record);
        assertEquals(DsnReport.VERSION, report.v());
        assertEquals(id, report.inboundId());
        assertEquals(receivedAt, report.receivedAt());
        assertEquals("", report.mailFrom());
        assertEquals(List.of("echo+t1@agents.test"), report.rcptTo());
        assertEquals("relay.remote.test", report.reportingMta());
        assertEquals(sendId, report.originalEnvelopeId());
        assertEquals(messageId, report.originalMessageId());
        assertEquals(List.of(new DsnReport.Recipient("gone@remote.test", "gone@remote.test", "failed", "5.1.1",
                "smtp; 550 5.1.1 <gone@remote.test>: User unknown", "mx.remote.test")), report.recipients());

        // today's behaviour kept: the agent still gets the bounce, marked automatic (agents never answer it)
        RoutedEmail routed = Json.decode(KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> (id + ".0").equals(DeadLetter.header(r.headers(), KafkaHeaders.MESSAGE_ID)), 1, WAIT).get(0)
                .value(), RoutedEmail.class, RoutedEmail.VERSION);
        assertEquals("Echo/t1", routed.agent().key());
        assertEquals("auto-submitted: auto-replied", routed.message().autoReply(), "marked automatic");
    }

    @Test
    void aDsnWithoutEnvelopeIdToAnUnroutableAddressIsReportedByMessageIdAndStillDeadLettered() {
        String messageId = Ids.newId() + "@agents.test";
        String id = publishRaw("", List.of("nobody@agents.test"), Instant.now(),
                dsn("nobody@agents.test", null, messageId));
        DsnReport report = report(KafkaTestClient.await(Topics.INBOUND_DSN, r -> messageId.equals(r.key()), 1, WAIT)
                .get(0));
        assertEquals(id, report.inboundId());
        assertNull(report.originalEnvelopeId());
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_RECEIVED),
                r -> id.equals(r.key()), 1, WAIT).get(0);
        String reason = DeadLetter.header(dead.headers(), KafkaHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("unknown-agent: "), reason);
    }

    @Test
    void mailThatIsNoDsnYieldsNoReport() {
        // a plain message from the null sender (pre-check passes, no report part) and a read receipt (a report, of
        // another type) go through routing as before and never reach mailroom.inbound.dsn
        String plain = publishRaw("", List.of("echo+t3@agents.test"), Instant.now(),
                "From: MAILER-DAEMON@remote.test\r\nTo: echo+t3@agents.test\r\nSubject: away\r\n"
                        + "Message-ID: <" + Ids.newId() + "@remote.test>\r\n\r\nI am away.\r\n");
        String receipt = publishRaw("ann@example.org", List.of("echo+t3@agents.test"), Instant.now(),
                "From: Ann <ann@example.org>\r\nTo: echo+t3@agents.test\r\nSubject: Read: hi\r\n"
                        + "Message-ID: <" + Ids.newId() + "@example.org>\r\nMIME-Version: 1.0\r\n"
                        + "Content-Type: multipart/report; report-type=disposition-notification; boundary=b\r\n\r\n"
                        + "--b\r\nContent-Type: text/plain\r\n\r\nRead.\r\n--b\r\n"
                        + "Content-Type: message/disposition-notification\r\n\r\n"
                        + "Reporting-UA: mua.example.org\r\nFinal-Recipient: rfc822; ann@example.org\r\n"
                        + "Disposition: manual-action/MDN-sent-manually; displayed\r\n\r\n--b--\r\n");
        for (String id : List.of(plain, receipt)) {
            KafkaTestClient.await(Topics.INBOUND_ROUTED,
                    r -> (id + ".0").equals(DeadLetter.header(r.headers(), KafkaHeaders.MESSAGE_ID)), 1, WAIT);
        }
        // a record's report is sent with its routed record, before the raw record is acknowledged: none came
        List<String> reported = KafkaTestClient.readAll(Topics.INBOUND_DSN, Duration.ofSeconds(2)).stream()
                .map(r -> DeadLetter.header(r.headers(), KafkaHeaders.MESSAGE_ID)).toList();
        assertTrue(!reported.contains(plain) && !reported.contains(receipt), reported.toString());
    }
}
