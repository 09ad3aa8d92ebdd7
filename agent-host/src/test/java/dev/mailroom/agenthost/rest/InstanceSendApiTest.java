package dev.mailroom.agenthost.rest;

import static dev.mailroom.agenthost.TestMail.WAIT;
import static dev.mailroom.agenthost.TestMail.awaitDraft;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static dev.mailroom.agenthost.TestMail.routed;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.TestMail;
import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.service.DraftService;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.mail.mime.MimeBuilder;
import dev.mailroom.mail.token.ReplyToken;
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

/**
 * {@code POST /v1/agents/{class}/instances/{instance}/send}: a person's or an application's message sent as an
 * instance goes through the class's send policy like the agent's own sends (the test profile makes {@code Shy}
 * drafts-only; {@code Scribe} is autonomous).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(TestApiKeys.class)
class InstanceSendApiTest {

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + TestApiKeys.token(key)).contentType(ContentType.JSON);
    }

    private static OutboundRequest sent(String id) {
        return TestMail.request(KafkaTestClient.await(Topics.OUTBOUND_REQUESTED, r -> r.key().equals(id), 1, WAIT)
                .get(0));
    }

    /** The message egress builds from {@code r}. */
    private static String mime(OutboundRequest r) {
        return new String(new MimeBuilder(Clock.systemUTC()).build(r, "<" + r.messageId() + ">").bytes(),
                StandardCharsets.UTF_8);
    }

    @Test
    void anAutonomousClassQueuesTheMessageInTheThreadItAnswersWithAReplyToken() {
        String t = instance("mbx");
        RoutedEmail question = routed("Scribe", t, "question");
        publish(question);
        OutboundRequest own = TestMail.causedBy(question.id()); // the agent's own answer: in the instance's history
        String pdf = Base64.getEncoder().encodeToString("%PDF-1.4 tiny".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> body = Map.of("from", "scribe+" + t + "@agents.test",
                "to", List.of("Ann <ann@example.org>"), "bcc", "audit@example.org", "subject", "Re: question",
                "text", "a person's answer", "in_reply_to", "<" + question.message().messageId() + ">",
                "references", List.of(question.message().messageId()),
                "attachments", List.of(Map.of("filename", "a.pdf", "content_type", "application/pdf",
                        "content", pdf)));
        String answer = as("scoped-key").header("Idempotency-Key", "k1").body(body)
                .when().post("/v1/agents/Scribe/instances/" + t + "/send").then().statusCode(202)
                .body("status", equalTo("queued")).body("draft_id", nullValue())
                .body("message_id", notNullValue()).extract().asString();
        RecordedAnswers.record("sendAsAgentInstance", answer);
        String id = io.restassured.path.json.JsonPath.from(answer).getString("id");

        OutboundRequest r = sent(id);
        assertEquals("scribe+" + t + "@agents.test", r.from().address());
        assertEquals("Ann", r.to().get(0).name());
        assertEquals("audit@example.org", r.bcc().get(0).address());
        assertEquals(question.message().messageId(), r.inReplyTo());
        assertEquals(List.of(question.message().messageId()), r.references());
        assertEquals("Scribe/" + t, r.agent().key());
        assertEquals(pdf, r.attachments().get(0).contentBase64());
        assertEquals(io.restassured.path.json.JsonPath.from(answer).getString("message_id"), r.messageId());
        assertTrue(ReplyToken.looksLikeToken(r.messageId()),
                "a reply token, as for the agent's own mail: " + r.messageId());
        // a person wrote it: not marked auto-replied (RFC 3834), unlike the agent's own answer
        assertEquals(Map.of("Auto-Submitted", "no"), r.headers());
        String mime = mime(r);
        assertTrue(mime.contains("\r\nAuto-Submitted: no\r\n") && !mime.contains("auto-replied"), mime);
        String agents = mime(own);
        assertTrue(own.headers().isEmpty() && agents.contains("\r\nAuto-Submitted: auto-replied\r\n"), agents);
        // a retry with the same Idempotency-Key answers the same and sends nothing more
        as("scoped-key").header("Idempotency-Key", "k1").body(body)
                .when().post("/v1/agents/Scribe/instances/" + t + "/send").then().statusCode(202)
                .body("id", equalTo(id)).body("status", equalTo("queued")).body("message_id", equalTo(r.messageId()));
        assertEquals(1, KafkaTestClient.readAll(Topics.OUTBOUND_REQUESTED, Duration.ofSeconds(2)).stream()
                .filter(x -> x.key().equals(id)).count(), "sent once");
        // in the instance's history, in the thread of the question
        List<Map<String, Object>> threads = as("scoped-key").when()
                .get("/v1/agents/Scribe/instances/" + t + "/threads").then().statusCode(200).extract().jsonPath()
                .getList("items");
        assertEquals(1, threads.size(), "one thread: " + threads);
        assertTrue(threads.toString().contains(r.messageId()), threads.toString());
    }

    @Test
    void aDraftsOnlyClassHoldsTheMessageAsADraftAndSendsNothing() {
        String t = instance("mbx");
        RoutedEmail question = routed("Shy", t, "question");
        publish(question);
        awaitDraft(dev.mailroom.contract.Ids.derived(question.id(), "reply", "0")); // the agent's own reply, held
        Map<String, Object> body = Map.of("from", "shy+" + t + "@agents.test",
                "to", "ann@example.org", "subject", "Re: question", "text", "a person's answer",
                "in_reply_to", question.message().messageId());
        String answer = as("scoped-key").header("Idempotency-Key", "k2").body(body)
                .when().post("/v1/agents/Shy/instances/" + t + "/send").then().statusCode(202)
                .body("status", equalTo("held")).extract().asString();
        String id = io.restassured.path.json.JsonPath.from(answer).getString("id");
        as("scoped-key").header("Idempotency-Key", "k2").body(body)
                .when().post("/v1/agents/Shy/instances/" + t + "/send").then().statusCode(202)
                .body("status", equalTo("held")).body("draft_id", equalTo(id));
        assertEquals(id, io.restassured.path.json.JsonPath.from(answer).getString("draft_id"));

        Draft d = awaitDraft(id);
        assertEquals("drafts-only: the class sends nothing without approval", d.reason);
        assertEquals("a person's answer", DraftService.request(d).text());
        MailroomEvent held = Json.decode(KafkaTestClient.await(Topics.EVENTS, r -> r.key().equals(id), 1, WAIT)
                .get(0).value(), MailroomEvent.class, 1);
        assertEquals("agent.send-held", held.type());
        assertTrue(KafkaTestClient.readAll(Topics.OUTBOUND_REQUESTED, Duration.ofSeconds(2)).stream()
                .noneMatch(r -> r.key().equals(id)), "nothing was sent");

        // the drafts of the instance, and of the thread named by its root's Message-ID, as a mailbox thread asks
        List<String> ofInstance = as("scoped-key").when().get("/v1/drafts?class=Shy&instance=" + t).then()
                .statusCode(200).extract().jsonPath().getList("items.id");
        assertEquals(2, ofInstance.size(), ofInstance.toString());
        List<String> ofThread = as("scoped-key").when().get("/v1/drafts?class=Shy&instance=" + t + "&thread=<"
                + question.message().messageId() + ">").then().statusCode(200).extract().jsonPath()
                .getList("items.id");
        assertEquals(ofInstance, ofThread);
        assertEquals(List.of(), as("scoped-key").when().get("/v1/drafts?class=Shy&instance=" + t
                + "&thread=nothing@example.org").then().statusCode(200).extract().jsonPath().getList("items"));
        as("scoped-key").when().get("/v1/drafts?class=Shy").then().statusCode(422)
                .body("errors[0].field", equalTo("instance"));
    }

    @Test
    void keysFromAndBodyAreCheckedBeforeAnythingIsWritten() {
        String t = instance("mbx");
        Map<String, Object> body = Map.of("from", "scribe+" + t + "@agents.test", "to", "ann@example.org",
                "text", "hi");
        String reader = TestKeys.publish(EnumSet.of(Permission.READ), List.of("agents.test"), null);
        await().atMost(WAIT).until(() -> given().header("Authorization", "Bearer " + reader).get("/v1/agents")
                .statusCode() == 200);
        given().header("Authorization", "Bearer " + reader).contentType(ContentType.JSON).body(body)
                .when().post("/v1/agents/Scribe/instances/" + t + "/send").then().statusCode(403)
                .body("detail", equalTo("this API key may not send (it lacks the permission send)"));
        as("elsewhere-key").body(body).when().post("/v1/agents/Scribe/instances/" + t + "/send").then()
                .statusCode(403).body("errors[0].field", equalTo("from"));
        as("scoped-key").body(body).when().post("/v1/agents/NoSuchClass/instances/" + t + "/send").then()
                .statusCode(404);
        as("scoped-key").body(Map.of("from", "echo+" + t + "@agents.test", "to", "ann@example.org", "text", "hi"))
                .when().post("/v1/agents/Scribe/instances/" + t + "/send").then().statusCode(422)
                .body("errors[0].field", equalTo("from"));
        as("scoped-key").body(Map.of("from", "scribe+" + t + "@agents.test", "to", "ann@example.org",
                "subject", "a\r\nBcc: x@evil.test", "text", "hi", "colour", "red"))
                .when().post("/v1/agents/Scribe/instances/" + t + "/send").then().statusCode(422)
                .body("errors[0].field", equalTo("colour"));
        as("scoped-key").body(Map.of("from", "scribe+" + t + "@agents.test", "to", "ann@example.org",
                "subject", "a\r\nBcc: x@evil.test", "text", "hi"))
                .when().post("/v1/agents/Scribe/instances/" + t + "/send").then().statusCode(422)
                .body("errors[0].field", equalTo("subject"));
        as("scoped-key").body(Map.of("from", "scribe+" + t + "@agents.test", "text", "hi"))
                .when().post("/v1/agents/Scribe/instances/" + t + "/send").then().statusCode(422)
                .body("errors[0].field", equalTo("to"));
    }
}
