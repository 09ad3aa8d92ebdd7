package dev.mailroom.egress.service;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.as;
import static dev.mailroom.egress.support.Api.awaitStatus;
import static dev.mailroom.egress.support.Api.message;
import static dev.mailroom.egress.support.Api.send;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.DsnReport;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.egress.messaging.Channels;
import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.mail.dsn.DsnParser;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Inbound DSNs (RFC 3464) for our sends, produced to {@code mailroom.inbound.dsn} as the router does: the raw report
 * read by mail's {@link DsnParser} and published as a {@link DsnReport} with its key. Egress no longer reads the raw
 * inbound topic (ADR 0026). The test resources are DeliveryTest's, so Quarkus boots once.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class DsnTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REMOTE_MTA = "mx.remote.test";

    @Inject
    Config config;

    private static Map<String, Object> mail(Object to, String marker) {
        return Map.of("from", "app@mail.test", "to", to, "subject", "s " + marker, "text", "marker " + marker);
    }

    /** A DSN as a relay writes it: explanation, delivery-status, and the returned header or message. */
    private static byte[] report(String envelopeId, String returnedMessageId, boolean wholeMessage,
            String... recipientBlocks) {
        StringBuilder status = new StringBuilder("Reporting-MTA: dns; relay.remote.test\r\n");
        if (envelopeId != null) {
            status.append("Original-Envelope-Id: ").append(envelopeId).append("\r\n");
        }
        status.append("Arrival-Date: Mon, 23 Nov 2026 10:00:01 +0000\r\n");
        for (String block : recipientBlocks) {
            status.append("\r\n").append(block);
        }
        String returned = (returnedMessageId == null ? "" : "Message-ID: " + returnedMessageId + "\r\n")
                + "From: app@mail.test\r\nSubject: s\r\n";
        String raw = "From: Mail Delivery System <MAILER-DAEMON@relay.remote.test>\r\nTo: app@mail.test\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied\r\n"
                + "Message-ID: <" + Ids.newId() + "@relay.remote.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"=_b\"\r\n\r\n"
                + "--=_b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nYour message could not be"
                + " delivered.\r\n"
                + "--=_b\r\nContent-Type: message/delivery-status\r\n\r\n" + status + "\r\n"
                + "--=_b\r\nContent-Type: " + (wholeMessage ? "message/rfc822" : "text/rfc822-headers") + "\r\n\r\n"
                + returned + (wholeMessage ? "\r\nthe returned body\r\n" : "") + "\r\n--=_b--\r\n";
        return raw.getBytes(StandardCharsets.US_ASCII);
    }

    private static String recipient(String address, String action, String status, String diagnostic) {
        return "Final-Recipient: rfc822; " + address + "\r\nAction: " + action + "\r\nStatus: " + status + "\r\n"
                + "Remote-MTA: dns; " + REMOTE_MTA + "\r\nDiagnostic-Code: " + diagnostic + "\r\n";
    }

    /**
     * Publishes the DSN {@code raw} as the router does for a raw message from the null sender: a {@link DsnReport}
     * on {@code mailroom.inbound.dsn}, keyed by {@link DsnReport#key()}, with the correlation headers.
     */
    private static void receive(String inboundId, byte[] raw) {
        DsnReport report = DsnParser.parse(raw).orElseThrow(() -> new AssertionError("not a DSN"))
                .report(inboundId, Instant.now(), "", List.of("app@mail.test"));
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.MESSAGE_ID, inboundId.getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaHeaders.CAUSATION_ID, inboundId.getBytes(StandardCharsets.UTF_8));
        KafkaTestClient.produce(Topics.INBOUND_DSN, report.key(), Json.encode(report), headers);
    }

    private static MailroomEvent decode(byte[] value) {
        return Json.decode(value, MailroomEvent.class, MailroomEvent.VERSION);
    }

    private static MailroomEvent awaitEvent(String sendId, Predicate<MailroomEvent> match) {
        return decode(KafkaTestClient.await(Topics.EVENTS, r -> sendId.equals(r.key()) && match.test(decode(r.value())),
                1, WAIT).get(0).value());
    }

    private static Predicate<MailroomEvent> fromDsn(String type) {
        return e -> e.type().equals(type) && "dsn".equals(e.detail().get("source"));
    }

    @Test
    void dsnForADeliveredMessageBouncesItSuppressesTheAddressAndIsRecordedOnce() {
        String address = "gone-" + UUID.randomUUID() + "@accept.test";
        String id = send(mail(address, "dsn1"));
        awaitStatus(BOOTSTRAP, id, "delivered");
        String diagnostic = "smtp; 550 5.1.1 <" + address + ">: Recipient address rejected: User unknown";
        byte[] dsn = report(id, null, false, recipient(address, "failed", "5.1.1", diagnostic));
        String inboundId = Ids.newId();
        receive(inboundId, dsn);

        JsonPath view = awaitStatus(BOOTSTRAP, id, "bounced");
        assertEquals(List.of("delivered", "bounced"), view.getList("attempts.outcome"), view.prettify());
        assertEquals("5.1.1 " + diagnostic, view.getString("attempts[1].reply"));
        assertEquals(REMOTE_MTA, view.getString("attempts[1].host"));
        assertEquals("bounced", view.getString("recipients[0].status"));
        as(BOOTSTRAP).get("/v1/suppressions?limit=200").then().statusCode(200).body("items.address", hasItem(address));
        MailroomEvent bounced = awaitEvent(id, fromDsn("outbound.bounced"));
        assertEquals(address, bounced.detail().get("recipient"));
        assertEquals("5.1.1", bounced.detail().get("status"));
        assertEquals(diagnostic, bounced.detail().get("diagnostic"));

        // the same DSN again, then a "delayed" one on the same key (same partition: processed after it)
        receive(inboundId, dsn);
        receive(inboundId, report(id, null, false, recipient(address, "delayed", "4.4.1",
                "smtp; 451 4.4.1 try later")));
        MailroomEvent deferred = awaitEvent(id, fromDsn("outbound.deferred"));
        assertEquals("4.4.1", deferred.detail().get("status"));
        JsonPath after = message(BOOTSTRAP, id);
        assertEquals(List.of("delivered", "bounced"), after.getList("attempts.outcome"), after.prettify());
        assertEquals("bounced", after.getString("status"), "a delayed DSN changes nothing");
        // the delayed DSN's event is out, so the repeated one's would be too: still only one bounce event
        // (not readAll: other tests' retries keep the events topic busy)
        AssertionError onlyOne = assertThrows(AssertionError.class, () -> KafkaTestClient.await(Topics.EVENTS,
                r -> id.equals(r.key()) && decode(r.value()).type().equals("outbound.bounced"), 2,
                Duration.ofSeconds(5)));
        assertTrue(onlyOne.getMessage().endsWith("found 1"), onlyOne.getMessage());
    }

    @Test
    void dsnWithoutEnvelopeIdIsMatchedByTheReturnedMessageId() {
        String gone = "a-" + UUID.randomUUID() + "@accept.test";
        String kept = "b-" + UUID.randomUUID() + "@accept.test";
        String id = send(mail(List.of(gone, kept), "dsn2"));
        String messageId = awaitStatus(BOOTSTRAP, id, "delivered").getString("message_id");
        assertTrue(messageId.startsWith("<") && messageId.endsWith(">"), messageId);
        // Exim-style: the whole message returned, the generic 5.0.0 status, the remote's reply in the diagnostic
        receive(Ids.newId(), report(null, messageId, true, recipient(gone.toUpperCase(java.util.Locale.ROOT),
                "failed", "5.0.0", "smtp; 550 5.1.1 <" + gone + ">: no such user")));

        JsonPath view = awaitStatus(BOOTSTRAP, id, "partially-delivered");
        assertEquals("bounced", view.getString("recipients.find { it.address == '" + gone + "' }.status"));
        assertEquals("delivered", view.getString("recipients.find { it.address == '" + kept + "' }.status"));
        as(BOOTSTRAP).get("/v1/suppressions?limit=200").then().body("items.address", hasItem(gone));
        assertEquals(gone, awaitEvent(id, fromDsn("outbound.bounced")).detail().get("recipient"));
    }

    @Test
    void policyDsnBouncesWithoutSuppressingAndADsnForNoSendIsIgnored() {
        String address = "p-" + UUID.randomUUID() + "@accept.test";
        String id = send(mail(address, "dsn3"));
        awaitStatus(BOOTSTRAP, id, "delivered");
        String inboundId = Ids.newId();
        receive(inboundId, report(Ids.newId(), "<" + Ids.newId() + "@mail.test>", false,
                recipient(address, "failed", "5.1.1", "smtp; 550 5.1.1 unknown"))); // not ours: ignored
        receive(inboundId, report(id, null, false, recipient(address, "failed", "5.7.1",
                "smtp; 554 5.7.1 Message rejected as spam")));

        JsonPath view = awaitStatus(BOOTSTRAP, id, "bounced");
        assertEquals(2, view.getList("attempts").size(), view.prettify());
        assertTrue(view.getString("attempts[1].reply").startsWith("5.7.1 smtp; 554"), view.prettify());
        as(BOOTSTRAP).get("/v1/suppressions?limit=200").then().body("items.address", not(hasItem(address)));
    }

    @Test
    void dsnForAnAgentsSendBouncesThatRecipient() {
        String address = "agent-" + UUID.randomUUID() + "@accept.test";
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, Ids.newId(),
                EmailAddress.of("echo+t9@mail.test"), List.of(EmailAddress.of(address)), null, null, null, "Re: hi",
                "reply dsn4", null, "m9@example.org", List.of("m9@example.org"), null, new AgentRef("Echo", "t9"),
                "in.9", Instant.now()).withMessageId("mr1.k1.b.test." + UUID.randomUUID() + "@mail.test");
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), Json.encode(request), new RecordHeaders());
        String messageId = awaitStatus(BOOTSTRAP, request.id(), "delivered").getString("message_id");
        assertEquals("<" + request.messageId() + ">", messageId, "the Message-ID agent-host minted goes on the wire");
        // the relay offered no DSN extension (no ENVID): the returned Message-ID, the agent's own, matches
        receive(Ids.newId(), report(null, messageId, false, recipient(address, "failed", "5.1.1",
                "smtp; 550 5.1.1 <" + address + ">: User unknown")));

        JsonPath view = awaitStatus(BOOTSTRAP, request.id(), "bounced");
        assertEquals(List.of("delivered", "bounced"), view.getList("attempts.outcome"), view.prettify());
        as(BOOTSTRAP).get("/v1/suppressions?limit=200").then().body("items.address", hasItem(address));
        MailroomEvent bounced = awaitEvent(request.id(), fromDsn("outbound.bounced"));
        assertEquals(address, bounced.detail().get("recipient"));
    }

    /**
     * Egress reads DSNs from mailroom.inbound.dsn only: no incoming channel of its configuration may read the raw
     * inbound topic again (by topic, topics list, pattern, or a channel named after the topic).
     */
    @Test
    void egressHasNoIncomingChannelOnTheRawInboundTopic() {
        Map<String, List<String>> topics = new TreeMap<>();
        String prefix = "mp.messaging.incoming.";
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(prefix) || name.indexOf('.', prefix.length()) < 0) {
                continue;
            }
            String channel = name.substring(prefix.length(), name.indexOf('.', prefix.length()));
            String key = prefix + channel + ".";
            List<String> read = new ArrayList<>();
            config.getOptionalValue(key + "topics", String.class)
                    .ifPresent(list -> read.addAll(List.of(list.split("\\s*,\\s*"))));
            read.add(config.getOptionalValue(key + "topic", String.class).orElse(channel));
            topics.put(channel, read);
            boolean pattern = config.getOptionalValue(key + "pattern", Boolean.class).orElse(false);
            for (String topic : read) {
                assertFalse(topic.equals(Topics.INBOUND_RECEIVED)
                        || pattern && Pattern.matches(topic, Topics.INBOUND_RECEIVED),
                        "channel " + channel + " reads " + topic + ": egress must take DSNs from "
                                + Topics.INBOUND_DSN);
            }
        }
        assertEquals(List.of(Topics.INBOUND_DSN), topics.get(Channels.INBOUND_DSN), topics.toString());
        assertEquals("mailroom-egress-dsn", config.getValue(prefix + Channels.INBOUND_DSN + ".group.id",
                String.class));
        assertTrue(topics.containsKey(Channels.OUTBOUND_REQUESTED), "the scan sees the incoming channels: " + topics);
    }

    @Test
    void undecodableReportIsDeadLetteredWithItsReasonAndAnEvent() {
        String key = "bad-" + Ids.newId();
        KafkaTestClient.produce(Topics.INBOUND_DSN, key, "{not json".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders());
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_DSN),
                r -> key.equals(r.key()), 1, WAIT).get(0);
        String reason = DeadLetter.header(dead.headers(), KafkaHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("undecodable-json: "), reason);
        assertEquals("{not json", new String(dead.value(), StandardCharsets.UTF_8), "original bytes are kept");
        MailroomEvent failed = awaitEvent(key, e -> e.type().equals("outbound.dsn-failed"));
        assertEquals(reason, failed.detail().get("reason"));
    }
}
