package dev.mailroom.egress.service;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.as;
import static dev.mailroom.egress.support.Api.awaitStatus;
import static dev.mailroom.egress.support.Api.key;
import static dev.mailroom.egress.support.Api.send;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.RecordedAnswers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Map<String, Object> mail(String to, String marker) {
        return Map.of("from", "app@mail.test", "to", to, "subject", "s " + marker, "text", "marker " + marker);
    }

    private static List<MailroomEvent> events(String sendId, int count) {
        return KafkaTestClient.await(Topics.EVENTS, r -> sendId.equals(r.key()), count, WAIT).stream()
                .map(r -> Json.decode(r.value(), MailroomEvent.class, MailroomEvent.VERSION)).toList();
    }

    @Test
    void temporaryFailureIsDeferredThenDelivered() {
        String marker = UUID.randomUUID().toString();
        String id = send(mail("dora@flaky.test", marker));
        JsonPath view = awaitStatus(BOOTSTRAP, id, "delivered");
        assertEquals(List.of("deferred", "delivered"), view.getList("attempts.outcome"));
        assertTrue(view.getString("attempts[0].reply").startsWith("451"), view.prettify());
        assertEquals(1, SmtpPeersResource.containing(marker).size());
        List<String> types = events(id, 3).stream().map(MailroomEvent::type).toList();
        assertEquals(List.of("outbound.queued", "outbound.deferred", "outbound.delivered"), types);
    }

    @Test
    void hardBounceSuppressesTheAddressForLaterSends() {
        String address = "gone-" + UUID.randomUUID() + "@bounce.test";
        String id = send(mail(address, "b1"));
        JsonPath view = awaitStatus(BOOTSTRAP, id, "bounced");
        assertTrue(view.getString("recipients[0].last_reply").startsWith("550 5.1.1"), view.prettify());
        RecordedAnswers.record("listSuppressions", as(BOOTSTRAP).get("/v1/suppressions?limit=200").then()
                .statusCode(200).body("items.address", hasItem(address)).extract().asString());
        JsonPath first = as(BOOTSTRAP).get("/v1/suppressions?limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals(1, first.getList("items").size());
        String token = first.getString("next_page_token");
        if (token != null) {
            JsonPath next = as(BOOTSTRAP).get("/v1/suppressions?limit=1&page_token=" + token).then().statusCode(200)
                    .extract().jsonPath();
            assertTrue(!first.getString("items[0].address").equals(next.getString("items[0].address")),
                    "the next page moves on: " + next.prettify());
        }
        as(BOOTSTRAP).get("/v1/suppressions?page_token=garbage!").then().statusCode(422)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("page_token"));
        as(BOOTSTRAP).get("/v1/suppressions?limit=ten").then().statusCode(422)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("limit"));
        assertTrue(events(id, 2).stream().anyMatch(e -> e.type().equals("outbound.bounced")
                && address.equals(e.detail().get("recipient"))));

        String again = send(mail(address, "b2"));
        JsonPath second = awaitStatus(BOOTSTRAP, again, "suppressed");
        assertEquals(0, second.getInt("recipients[0].attempts"));
        assertTrue(events(again, 2).stream().anyMatch(e -> e.type().equals("outbound.suppressed")));

        as(BOOTSTRAP).delete("/v1/suppressions/" + address).then().statusCode(204);
        as(BOOTSTRAP).get("/v1/suppressions?limit=200").then().body("items.address", not(hasItem(address)));
    }

    @Test
    void recipientsAtSeveralDomainsMakeOneMessageStatus() {
        // two deliveries of one message (one per domain), their results possibly recorded in one shared batch
        String gone = "gone-" + UUID.randomUUID() + "@bounce.test";
        String id = send(Map.of("from", "app@mail.test", "to", List.of("ann@accept.test", gone),
                "cc", List.of("bob@accept.test"), "subject", "two domains", "text", "two domains"));
        JsonPath view = awaitStatus(BOOTSTRAP, id, "partially-delivered");
        assertEquals(List.of("delivered", "bounced", "delivered"), view.getList("recipients.status"), view.prettify());
        assertEquals(List.of(1, 1, 1), view.getList("recipients.attempts"), view.prettify());
        assertEquals(3, view.getList("attempts").size(), view.prettify());
        as(BOOTSTRAP).get("/v1/suppressions?limit=200").then().statusCode(200).body("items.address", hasItem(gone));
    }

    @Test
    void policyRefusalBouncesWithoutSuppressing() {
        String address = "p-" + UUID.randomUUID() + "@policy.test";
        String id = send(mail(address, "p"));
        JsonPath view = awaitStatus(BOOTSTRAP, id, "bounced");
        assertTrue(view.getString("attempts[0].reply").startsWith("554"), view.prettify());
        as(BOOTSTRAP).get("/v1/suppressions?limit=200").then().body("items.address", not(hasItem(address)));
    }

    @Test
    void droppedConnectionIsRetriedOnTheSchedule() {
        String id = send(mail("x@drop.test", "drop"));
        // the message is recorded once egress consumed it: until then GET answers 404 (no "attempts")
        await().atMost(WAIT).until(() -> {
            List<Object> attempts = as(BOOTSTRAP).get("/v1/messages/" + id).then().extract().jsonPath().getList("attempts");
            return attempts != null && attempts.size() >= 2;
        });
        JsonPath view = as(BOOTSTRAP).get("/v1/messages/" + id).then().extract().jsonPath();
        assertEquals("deferred", view.getString("status"));
        assertEquals("pending", view.getString("recipients[0].status"));
        assertTrue(view.getList("attempts.outcome").stream().allMatch("deferred"::equals), view.prettify());
    }

    @Test
    void agentMailFromKafkaIsDeliveredOnceWithTheMessageIdOfItsRequest() {
        String marker = UUID.randomUUID().toString();
        String minted = "mr1.k1.b.token-minted-by-agent-host." + marker + "@mail.test"; // whatever the producer chose
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, Ids.newId(),
                EmailAddress.of("echo+t1@mail.test"), List.of(EmailAddress.of("ann@accept.test")), null, null, null,
                "Re: hi", "reply " + marker, null, "m1@example.org", List.of("m1@example.org"), null,
                new AgentRef("Echo", "t1"), "in.1", Instant.now()).withMessageId(minted);
        byte[] json = Json.encode(request);
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), json, new RecordHeaders());
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), json, new RecordHeaders()); // redelivery
        JsonPath view = awaitStatus(BOOTSTRAP, request.id(), "delivered");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> SmtpPeersResource.containing(marker).size() == 1);
        assertEquals("<" + minted + ">", view.getString("message_id"));
        String text = SmtpPeersResource.containing(marker).get(0).text();
        assertTrue(text.contains("Message-ID: <" + minted + ">\r\n"), text);
        assertTrue(text.contains("In-Reply-To: <m1@example.org>"), text);
        assertTrue(text.contains("Auto-Submitted: auto-replied"), "agent mail is marked automatic (RFC 3834)");
        assertTrue(events(request.id(), 1).get(0).detail().get("messageId").equals("<" + minted + ">"));
    }

    @Test
    void aRequestWithoutMessageIdGetsAPlainOneNeverAReplyToken() {
        String marker = UUID.randomUUID().toString();
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, Ids.newId(),
                EmailAddress.of("echo+t2@mail.test"), List.of(EmailAddress.of("ann@accept.test")), null, null, null,
                "Re: hi", "reply " + marker, null, null, null, null, new AgentRef("Echo", "t2"), "in.2",
                Instant.now());
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), Json.encode(request), new RecordHeaders());
        JsonPath view = awaitStatus(BOOTSTRAP, request.id(), "delivered");
        assertEquals("<" + request.id() + "@mail.test>", view.getString("message_id"),
                "another producer's agent mail: egress has no reply-token keys (ADR 0025)");
        await().atMost(WAIT).until(() -> SmtpPeersResource.containing(marker).size() == 1);
        assertTrue(SmtpPeersResource.containing(marker).get(0).text()
                .contains("Message-ID: <" + request.id() + "@mail.test>\r\n"));
    }

    @Test
    void aRequestWhoseMessageIdWouldInjectAHeaderIsDeadLettered() {
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, Ids.newId(),
                EmailAddress.of("echo@mail.test"), List.of(EmailAddress.of("ann@accept.test")), null, null, null,
                "hi", "x", null, null, null, null, null, null).withMessageId("a@b>\r\nBcc: x@evil.test");
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), Json.encode(request), new RecordHeaders());
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.OUTBOUND_REQUESTED),
                r -> request.id().equals(r.key()), 1, WAIT).get(0);
        String reason = DeadLetter.header(dead.headers(), dev.mailroom.contract.KafkaHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("invalid-request: message_id"), reason);
    }

    @Test
    void unbuildableRequestIsDeadLetteredWithItsReason() {
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, Ids.newId(),
                EmailAddress.of("echo@mail.test"), List.of(EmailAddress.of("ann@accept.test")), null, null, null,
                "bad\r\nBcc: x@evil.test", "x", null, null, null, null, null, null);
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), Json.encode(request), new RecordHeaders());
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.OUTBOUND_REQUESTED),
                r -> request.id().equals(r.key()), 1, WAIT).get(0);
        String reason = DeadLetter.header(dead.headers(), dev.mailroom.contract.KafkaHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("invalid-request: subject"), reason);
        JsonPath view = awaitStatus(BOOTSTRAP, request.id(), "failed");
        assertTrue(view.getString("failure").contains("subject"), view.prettify());
    }

    @Test
    void submittedRawMessageIsSentAsItIsSignedWithDateAndMessageIdAdded() throws Exception {
        String marker = UUID.randomUUID().toString();
        String raw = "From: App <app@mail.test>\r\nTo: ann@accept.test\r\nSubject: submitted " + marker
                + "\r\n\r\nbody " + marker + "\r\n";
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, Ids.newId(),
                EmailAddress.of("app@mail.test"), List.of(EmailAddress.of("ann@accept.test"),
                        EmailAddress.of("bcc-only@accept.test")), null, null, null, null, null, null, null, null,
                null, null, null, null, null, null,
                java.util.Base64.getEncoder().encodeToString(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        byte[] json = Json.encode(request);
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), json, new RecordHeaders());
        JsonPath view = awaitStatus(BOOTSTRAP, request.id(), "delivered");
        assertEquals(2, view.getList("recipients").size(), view.prettify());
        await().atMost(WAIT).until(() -> SmtpPeersResource.containing(marker).size() == 1);
        var received = SmtpPeersResource.containing(marker).get(0);
        String text = received.text();
        assertTrue(text.contains("Subject: submitted " + marker + "\r\n"), text);
        assertTrue(text.contains("\nDate: ") || text.startsWith("Date: "), text);
        assertTrue(text.contains("Message-ID: " + view.getString("message_id")), text);
        assertEquals(List.of("ann@accept.test", "bcc-only@accept.test"), received.recipients());
        assertTrue(!text.contains("bcc-only"), "envelope recipients never appear in the header: " + text);
        List<String> verdicts = DkimKeysResource.verify(received.data());
        assertTrue(verdicts.stream().filter(l -> l.startsWith("sig ")).count() >= 1, String.join("\n", verdicts));
        assertTrue(verdicts.stream().filter(l -> l.startsWith("sig ")).allMatch(l -> l.contains(" pass")),
                String.join("\n", verdicts));
    }

    @Test
    void rawMessageWithoutFromIsDeadLettered() {
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, Ids.newId(),
                EmailAddress.of("app@mail.test"), List.of(EmailAddress.of("ann@accept.test")), null, null, null,
                null, null, null, null, null, null, null, null, null, null, null,
                java.util.Base64.getEncoder().encodeToString("Subject: x\r\n\r\nno from\r\n".getBytes()));
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), Json.encode(request), new RecordHeaders());
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.OUTBOUND_REQUESTED),
                r -> request.id().equals(r.key()), 1, WAIT).get(0);
        String reason = DeadLetter.header(dead.headers(), dev.mailroom.contract.KafkaHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("invalid-request: raw: has no From"), reason);
    }

    @Test
    void aPollOfManyRequestsIsSpooledTogetherAndABadRecordDoesNotSinkItsNeighbours() {
        String marker = UUID.randomUUID().toString();
        List<OutboundRequest> good = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            good.add(new OutboundRequest(OutboundRequest.VERSION, Ids.newId(), EmailAddress.of("app@mail.test"),
                    List.of(EmailAddress.of("n" + i + "@accept.test")), null, null, null, "batch " + i,
                    "batch " + marker + " " + i, null, null, null, null, null, null));
        }
        OutboundRequest invalid = new OutboundRequest(OutboundRequest.VERSION, Ids.newId(),
                EmailAddress.of("app@mail.test"), List.of(EmailAddress.of("x@accept.test")), null, null, null,
                "bad\nBcc: y@evil.test", "x", null, null, null, null, null, null);
        for (int i = 0; i < good.size(); i++) {
            KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, good.get(i).id(), Json.encode(good.get(i)),
                    new RecordHeaders());
            if (i == 10) {
                KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, "garbage", "{not json".getBytes(),
                        new RecordHeaders());
                KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, invalid.id(), Json.encode(invalid),
                        new RecordHeaders());
                KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, good.get(3).id(), Json.encode(good.get(3)),
                        new RecordHeaders()); // a redelivery inside the batch
            }
        }
        good.forEach(r -> awaitStatus(BOOTSTRAP, r.id(), "delivered"));
        awaitStatus(BOOTSTRAP, invalid.id(), "failed");
        KafkaTestClient.await(Topics.dlq(Topics.OUTBOUND_REQUESTED), r -> "garbage".equals(r.key()), 1, WAIT);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> SmtpPeersResource.containing("batch " + marker).size() == good.size());
        for (int i = 0; i < good.size(); i++) {
            assertEquals(1, SmtpPeersResource.containing("batch " + marker + " " + i + "\r\n").size(), "message " + i);
        }
    }
}
