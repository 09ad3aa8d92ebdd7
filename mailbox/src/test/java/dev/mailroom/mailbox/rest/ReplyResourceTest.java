package dev.mailroom.mailbox.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.mail.mime.MimeBuilder;
import dev.mailroom.mailbox.blob.Blobs;
import dev.mailroom.mailbox.service.AgentDrafts;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.RecordedAnswers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reply, reply-all and forward against real PostgreSQL (rows of V1 inserted as the ingest would write them) and a
 * real Kafka broker (the produced {@code OutboundRequest}s read back); an agent mailbox's reply goes to agent-host's
 * endpoint, here {@link AgentHostStandIn}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(AgentHostStandIn.class)
class ReplyResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DOMAIN = "reply.test";
    private static final String MAILBOX = "support@" + DOMAIN;
    private static final String AGENT_MAILBOX = "shy+t1@agents.test";

    private static String member;
    private static String reader;
    private static String stranger;
    private static String agentMember;

    @Inject
    Pool pool;

    @Inject
    Blobs blobs;

    @Inject
    AgentDrafts agentDrafts;

    /** The keys, published once and awaited before the first test (RestAssured knows the port only then). */
    @BeforeEach
    void keys() {
        if (member != null) {
            return;
        }
        member = TestKeys.publish(EnumSet.of(Permission.SEND, Permission.READ), List.of(DOMAIN), null);
        reader = TestKeys.publish(EnumSet.of(Permission.READ), List.of(DOMAIN), null);
        stranger = TestKeys.publish(EnumSet.of(Permission.SEND, Permission.READ), List.of("other.test"), null);
        agentMember = TestKeys.publish(EnumSet.of(Permission.SEND, Permission.READ), List.of("agents.test"), null);
        for (String key : List.of(member, reader, stranger, agentMember)) {
            await().atMost(WAIT).ignoreExceptions().until(() -> given().header("Authorization", "Bearer " + key)
                    .get("/v1/mailboxes").statusCode() == 200);
        }
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static OutboundRequest produced(String sendId) {
        return Json.decode(KafkaTestClient.await(Topics.OUTBOUND_REQUESTED, r -> r.key().equals(sendId), 1, WAIT)
                .get(0).value(), OutboundRequest.class, OutboundRequest.VERSION);
    }

    private String inbound(String mailbox, String agentClass, String agentInstance, String subject,
            List<EmailAddress> replyTo, String html) {
        return TestRows.inbound(pool, mailbox, agentClass, agentInstance, subject, replyTo, html);
    }

    private String inbound(String subject) {
        return inbound(MAILBOX, null, null, subject, List.of(), null);
    }

    /** Attaches {@code bytes} to message {@code id} as attachment {@code ordinal}, the bytes in the blob store. */
    private String attach(String id, int ordinal, String filename, byte[] bytes) {
        String sha = blobs.store(bytes).await().atMost(WAIT).sha256();
        pool.preparedQuery("INSERT INTO attachment (id, message_id, ordinal, filename, content_type, size, sha256)"
                + " VALUES ($1, $2, $3, $4, 'application/pdf', $5, $6)")
                .execute(Tuple.of(Ids.derived("attachment", id, Integer.toString(ordinal)), id, ordinal, filename,
                        (long) bytes.length, sha))
                .await().atMost(WAIT);
        return sha;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aReplyToAnInboundMessageIsThreadedToItAndAReceivingClientReadsTheHeaders() throws Exception {
        String id = inbound("Order 1");
        String answer = as(member).body(Map.of("text", "It left today."))
                .when().post("/v1/messages/" + id + "/reply").then().statusCode(202)
                .body("status", equalTo("queued")).extract().asString();
        RecordedAnswers.record("replyToMessage", answer);
        JsonNode accepted = Json.mapper().readTree(answer);
        OutboundRequest r = produced(accepted.path("id").asText());

        assertEquals(MAILBOX, r.from().address());
        assertEquals(List.of(new EmailAddress("Ann Lee", "ann@example.org")), r.to());
        assertEquals(List.of(), r.cc());
        assertEquals("Re: Order 1", r.subject());
        assertEquals("It left today.", r.text());
        assertEquals(id + "@example.org", r.inReplyTo());
        assertEquals(List.of("root@example.org", id + "@example.org"), r.references());
        assertEquals(accepted.path("id").asText() + "@" + DOMAIN, r.messageId());
        assertEquals(accepted.path("message_id").asText(), r.messageId());
        assertEquals(id, r.causationId());
        assertNull(r.agent());

        // what egress-sender builds from it, parsed by an independent MIME parser as a receiving client would
        byte[] mime = new MimeBuilder(Clock.systemUTC()).build(r, "<" + r.messageId() + ">").bytes();
        Message parsed = new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(mime));
        assertEquals("<" + id + "@example.org>", parsed.getHeader().getField("In-Reply-To").getBody().strip());
        assertEquals(List.of("<root@example.org>", "<" + id + "@example.org>"),
                List.of(parsed.getHeader().getField("References").getBody().strip().split("\\s+")));
        assertEquals("Re: Order 1", parsed.getSubject());
        assertEquals("<" + r.messageId() + ">", "<" + parsed.getMessageId().replaceAll("[<>]", "") + ">");
        assertEquals("ann@example.org", parsed.getTo().get(0).toString().replaceAll(".*<|>.*", ""));

        // a subject that already says Re: is not doubled; a Reply-To wins over From
        String again = inbound(MAILBOX, null, null, "RE: Order 1", List.of(EmailAddress.of("orders@example.org")),
                null);
        OutboundRequest second = produced(as(member).body(Map.of("text", "ok")).when()
                .post("/v1/messages/" + again + "/reply").then().statusCode(202).extract().path("id"));
        assertEquals("RE: Order 1", second.subject());
        assertEquals(List.of("orders@example.org"), second.to().stream().map(EmailAddress::address).toList());
    }

    @Test
    void replyAllAddsTheOriginalRecipientsButNeverTheMailboxItself() {
        String id = inbound("Order 2");
        String answer = as(member).body(Map.of("text", "To all of you.", "bcc", "audit@" + DOMAIN))
                .when().post("/v1/messages/" + id + "/reply-all").then().statusCode(202).extract().asString();
        RecordedAnswers.record("replyAllToMessage", answer);
        OutboundRequest r = produced(io.restassured.path.json.JsonPath.from(answer).getString("id"));
        assertEquals(List.of("ann@example.org", "bob@example.org"),
                r.to().stream().map(EmailAddress::address).toList());
        assertEquals(List.of("carol@example.org"), r.cc().stream().map(EmailAddress::address).toList(),
                "the mailbox's own address (in any case) is left out");
        assertEquals(List.of("audit@" + DOMAIN), r.bcc().stream().map(EmailAddress::address).toList());
        assertEquals("Re: Order 2", r.subject());
    }

    @Test
    void aForwardCarriesTheAttachmentBytesAndQuotesTheOriginalEscaped() throws Exception {
        String id = inbound(MAILBOX, null, null, "Order 3", List.of(),
                "<p>Hello <b>there</b><script>alert(1)</script></p>");
        byte[] pdf = new byte[200_000];
        new Random(7).nextBytes(pdf);
        String sha = attach(id, 0, "invoice.pdf", pdf);

        as(member).body(Map.of("text", "FYI")).when().post("/v1/messages/" + id + "/forward").then()
                .statusCode(422).body("errors[0].field", equalTo("to"));
        String answer = as(member).body(Map.of("to", List.of("Dave <dave@example.org>"), "text", "FYI"))
                .when().post("/v1/messages/" + id + "/forward").then().statusCode(202).extract().asString();
        RecordedAnswers.record("forwardMessage", answer);
        OutboundRequest r = produced(io.restassured.path.json.JsonPath.from(answer).getString("id"));

        assertEquals("Fwd: Order 3", r.subject());
        assertEquals(List.of(new EmailAddress("Dave", "dave@example.org")), r.to());
        assertEquals(1, r.attachments().size());
        assertEquals("invoice.pdf", r.attachments().get(0).filename());
        assertEquals("application/pdf", r.attachments().get(0).contentType());
        assertEquals(sha, sha256(Base64.getDecoder().decode(r.attachments().get(0).contentBase64())));
        assertNull(r.inReplyTo(), "a forward answers nobody");
        assertEquals(List.of("root@example.org", id + "@example.org"), r.references());
        assertTrue(r.text().startsWith("FYI\n\n---------- Forwarded message ---------\nFrom: Ann Lee <ann@example.org>"),
                r.text());
        assertTrue(r.text().endsWith("Hello, where is my order?"), r.text());
        assertTrue(r.html().contains("<b>there</b>"), r.html());
        assertFalse(r.html().contains("<script"), "the original's HTML is cleaned: " + r.html());
        assertTrue(r.html().contains("Ann Lee &lt;ann@example.org&gt;"), "headers escaped: " + r.html());

        // the attachment bytes survive MIME building: what the recipient's client gets
        byte[] mime = new MimeBuilder(Clock.systemUTC()).build(r, "<" + r.messageId() + ">").bytes();
        Message parsed = new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(mime));
        assertEquals("Fwd: Order 3", parsed.getSubject());
        assertTrue(new String(mime, StandardCharsets.US_ASCII).contains("invoice.pdf"));

        OutboundRequest without = produced(as(member).body(Map.of("to", "dave@example.org",
                "include_attachments", false)).when().post("/v1/messages/" + id + "/forward").then().statusCode(202)
                .extract().path("id"));
        assertEquals(List.of(), without.attachments());
    }

    @Test
    void anotherTenantsKeyGets404AndAKeyWithoutSendGets403NamingFrom() {
        String id = inbound("Order 4");
        as(stranger).body(Map.of("text", "hi")).when().post("/v1/messages/" + id + "/reply").then().statusCode(404)
                .contentType("application/problem+json");
        as(stranger).body(Map.of("text", "hi")).when().post("/v1/messages/nothing-here/reply").then()
                .statusCode(404);
        as(reader).body(Map.of("text", "hi")).when().post("/v1/messages/" + id + "/reply-all").then()
                .statusCode(403).contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"));
        given().contentType(ContentType.JSON).body(Map.of("text", "hi")).when()
                .post("/v1/messages/" + id + "/reply").then().statusCode(401);
        as(member).body(Map.of("text", "hi", "colour", "red")).when().post("/v1/messages/" + id + "/reply").then()
                .statusCode(422).body("errors[0].field", equalTo("colour"));
        as(member).body(Map.of("text", "hi", "cc", "not an address <")).when()
                .post("/v1/messages/" + id + "/reply").then().statusCode(422).body("errors[0].field", equalTo("cc[0]"));
        as(member).body(Map.of()).when().post("/v1/messages/" + id + "/reply").then().statusCode(422)
                .body("errors[0].field", equalTo("text"));
    }

    @Test
    void anIdempotencyKeyMakesARetryTheSameSend() {
        String id = inbound("Order 5");
        String first = as(member).header("Idempotency-Key", "k-" + id).body(Map.of("text", "once")).when()
                .post("/v1/messages/" + id + "/reply").then().statusCode(202).extract().path("id");
        String retry = as(member).header("Idempotency-Key", "k-" + id).body(Map.of("text", "once")).when()
                .post("/v1/messages/" + id + "/reply").then().statusCode(202).extract().path("id");
        assertEquals(first, retry);
        String other = as(member).body(Map.of("text", "once")).when()
                .post("/v1/messages/" + id + "/reply").then().statusCode(202).extract().path("id");
        assertFalse(first.equals(other));
    }

    @Test
    void aReplyFromAnAgentMailboxIsSentByAgentHostWithTheCallersKeyAndItsAnswerIsTheAnswer() throws Exception {
        String id = inbound(AGENT_MAILBOX, "Shy", "t1", "Order 6", List.of(), null);
        AgentHostStandIn.SEEN.clear();
        as(agentMember).header("Idempotency-Key", "k7").body(Map.of("text", "a person's answer")).when()
                .post("/v1/messages/" + id + "/reply")
                .then().statusCode(202).body("status", equalTo("held")).body("draft_id", equalTo("d-1"));
        AgentHostStandIn.Seen seen = AgentHostStandIn.SEEN.get(0);
        assertEquals("mailbox:" + id + ":reply:k7", seen.idempotencyKey());
        assertEquals("POST /v1/agents/Shy/instances/t1/send", seen.method() + " " + seen.uri());
        assertEquals("Bearer " + agentMember, seen.authorization());
        JsonNode body = Json.mapper().readTree(seen.body());
        assertEquals(AGENT_MAILBOX, body.path("from").asText());
        assertEquals("\"Ann Lee\" <ann@example.org>", body.path("to").path(0).asText());
        assertEquals("Re: Order 6", body.path("subject").asText());
        assertEquals(id + "@example.org", body.path("in_reply_to").asText());
        assertEquals(List.of("root@example.org", id + "@example.org"),
                Json.mapper().convertValue(body.path("references"), List.class));
        assertEquals(0, KafkaTestClient.readAll(Topics.OUTBOUND_REQUESTED, Duration.ofSeconds(1)).stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(id)).count(),
                "the mailbox itself sends nothing for an agent mailbox");
    }

    @Test
    void aThreadsDraftsComeFromAgentHostWithTheCallersKey() {
        AgentHostStandIn.SEEN.clear();
        List<AgentDrafts.DraftSummary> drafts = agentDrafts.forThread(agentMember, "Drafter", "a b",
                "root@example.org").await().atMost(WAIT);
        AgentHostStandIn.Seen seen = AgentHostStandIn.SEEN.get(0);
        assertEquals("GET /v1/drafts?status=pending&limit=200&class=Drafter&instance=a%20b&thread=root%40example.org",
                seen.method() + " " + seen.uri());
        assertEquals("Bearer " + agentMember, seen.authorization());
        JsonNode recorded;
        try {
            recorded = Json.mapper().readTree(AgentHostStandIn.recordedDrafts());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(recorded.path("items").size(), drafts.size());
        JsonNode first = recorded.path("items").path(0);
        assertEquals(first.path("id").asText(), drafts.get(0).id());
        assertEquals(first.path("request").path("subject").asText(), drafts.get(0).subject());
        assertEquals(first.path("request").path("to").path(0).path("address").asText(), drafts.get(0).to().get(0));
        assertEquals(first.path("reason").asText(), drafts.get(0).reason());
    }
}
