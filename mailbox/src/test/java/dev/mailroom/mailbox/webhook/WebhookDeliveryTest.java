package dev.mailroom.mailbox.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.contract.Json;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.RecordedAnswers;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/** Webhooks end to end: the API, the dispatcher against local receivers, signatures checked by the official library. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class WebhookDeliveryTest {

    static Receiver receiver;

    @Inject
    Pool pool;

    @BeforeAll
    static void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static String key(String... domains) {
        String token = TestKeys.publish(EnumSet.of(Permission.READ), List.of(domains), null);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> given()
                .header("Authorization", "Bearer " + token).get("/v1/webhooks").then().statusCode(200));
        return token;
    }

    private static ValidatableResponse create(String token, Map<String, Object> body) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                .post("/v1/webhooks").then();
    }

    private static ValidatableResponse deliveries(String token, String id) {
        return given().header("Authorization", "Bearer " + token).get("/v1/webhooks/" + id + "/deliveries").then()
                .statusCode(200);
    }

    private static String unique(String prefix) {
        return prefix + TestKeys.newId("") + ".test";
    }

    @Test
    void aSignedDeliveryVerifiesWithTheOfficialLibraryAndA500IsRetried() throws Exception {
        String domain = unique("hooks");
        String token = key(domain);
        String path = "/retry";
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(path, () -> calls.incrementAndGet() == 1 ? 500 : 200);
        var created = create(token, Map.of("url", receiver.url(path), "event_types",
                List.of("message.delivered", "message.received"))).statusCode(201)
                .body("secret", startsWith("whsec_")).body("enabled", equalTo(true)).extract();
        String id = created.path("id");
        String secret = created.path("secret");
        RecordedAnswers.record("createWebhook", created.asString());
        RecordedAnswers.record("getWebhook", given().header("Authorization", "Bearer " + token)
                .get("/v1/webhooks/" + id).then().statusCode(200).body("secret", nullValue())
                .body("event_types", hasItem("message.delivered")).extract().asString());

        EventRows.log(pool, "message.sent", domain, null, "m0", new JsonObject().put("message_id", "m0"));
        long seq = EventRows.log(pool, "message.delivered", domain, "mb1", "m1",
                new JsonObject().put("message_id", "m1").put("recipient", "bob@example.com"));

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() >= 2);
        List<Receiver.Request> got = receiver.at(path);
        assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"), "the retry is the same event");
        JsonNode body = Json.mapper().readTree(got.get(1).body());
        assertEquals("message.delivered", body.get("type").asText());
        assertEquals("bob@example.com", body.get("data").get("recipient").asText());
        assertTrue(body.has("timestamp"));
        List<String> verified = StandardWebhooksVerifier.verify(List.of(
                new StandardWebhooksVerifier.Check(got.get(0), secret),
                new StandardWebhooksVerifier.Check(got.get(1), secret),
                new StandardWebhooksVerifier.Check(got.get(1), Signatures.newSecret())));
        assertEquals("ok", verified.get(0));
        assertEquals("ok", verified.get(1));
        assertTrue(verified.get(2).startsWith("fail"), "another secret does not verify: " + verified.get(2));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> deliveries(token, id)
                .body("items.size()", equalTo(1)).body("items[0].status", equalTo("delivered"))
                .body("items[0].attempts", equalTo(2)).body("items[0].last_status_code", equalTo(200))
                .body("items[0].event_type", equalTo("message.delivered")));
        RecordedAnswers.record("listWebhookDeliveries", deliveries(token, id).extract().asString());
        assertTrue(seq > 0);
    }

    @Test
    void replayDeliversAnEventAgainAndRangeReplayFindsPastEvents() throws Exception {
        String domain = unique("replay");
        String token = key(domain);
        String path = "/replay";
        String id = create(token, Map.of("url", receiver.url(path), "event_types", List.of("message.bounced")))
                .statusCode(201).extract().path("id");
        Instant before = Instant.now().minusSeconds(1);
        EventRows.log(pool, "message.bounced", domain, null, "m2", new JsonObject().put("message_id", "m2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> deliveries(token, id)
                .body("items[0].status", equalTo("delivered")));
        String delivery = deliveries(token, id).extract().path("items[0].id");

        RecordedAnswers.record("replayWebhookDelivery", given().header("Authorization", "Bearer " + token)
                .post("/v1/webhooks/" + id + "/deliveries/" + delivery + "/replay").then().statusCode(202)
                .body("status", equalTo("pending")).extract().asString());
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 2);
        assertEquals(receiver.at(path).get(0).header("webhook-id"), receiver.at(path).get(1).header("webhook-id"));

        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("since", before.toString(), "until", Instant.now().plusSeconds(1).toString()))
                .post("/v1/webhooks/" + id + "/replay").then().statusCode(202).body("replayed", equalTo(1));
        RecordedAnswers.record("replayWebhookEvents", "{\"replayed\": 1}");
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 3);

        given().header("Authorization", "Bearer " + token).post("/v1/webhooks/" + id + "/deliveries/whd_nope/replay")
                .then().statusCode(404);
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(Map.of())
                .post("/v1/webhooks/" + id + "/replay").then().statusCode(422).body("errors[0].field", equalTo("since"));
    }

    @Test
    void aWebhookFailingEveryAttemptOfConsecutiveEventsIsDisabledWithAReason() {
        String domain = unique("dead");
        String token = key(domain);
        String path = "/dead";
        receiver.answer(path, () -> 503);
        String id = create(token, Map.of("url", receiver.url(path), "event_types", List.of("message.failed")))
                .statusCode(201).extract().path("id");
        EventRows.log(pool, "message.failed", domain, null, "m3", new JsonObject().put("message_id", "m3"));
        EventRows.log(pool, "message.failed", domain, null, "m4", new JsonObject().put("message_id", "m4"));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> given().header("Authorization", "Bearer " + token)
                .get("/v1/webhooks/" + id).then().statusCode(200).body("enabled", equalTo(false))
                .body("disabled_reason", equalTo("2 consecutive events failed every delivery attempt")));
        deliveries(token, id).body("items.status", not(hasItem("pending"))).body("items[0].status", equalTo("failed"))
                .body("items[0].attempts", equalTo(3)).body("items[0].last_status_code", equalTo(503))
                .body("items[0].last_error", equalTo("HTTP 503"));
        RecordedAnswers.record("getWebhook", given().header("Authorization", "Bearer " + token)
                .get("/v1/webhooks/" + id).then().extract().asString());
        int seen = receiver.at(path).size();
        assertEquals(6, seen, "two events, three attempts each");

        // disabled: a new event gets no delivery; re-enabled, the next one is delivered
        EventRows.log(pool, "message.failed", domain, null, "m5", new JsonObject().put("message_id", "m5"));
        receiver.answer(path, () -> 200);
        RecordedAnswers.record("updateWebhook", given().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON).body(Map.of("enabled", true, "description", "resumed"))
                .patch("/v1/webhooks/" + id).then().statusCode(200).body("enabled", equalTo(true))
                .body("disabled_reason", nullValue()).body("description", equalTo("resumed")).extract().asString());
        EventRows.log(pool, "message.failed", domain, null, "m6", new JsonObject().put("message_id", "m6"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == seen + 1);
        assertTrue(receiver.at(path).get(seen).body().contains("\"m6\""));
    }

    @Test
    void afterARotationBothSecretsVerifyDuringTheOverlap() throws Exception {
        String domain = unique("rotate");
        String token = key(domain);
        String path = "/rotate";
        var created = create(token, Map.of("url", receiver.url(path), "event_types", List.of("draft.created")))
                .statusCode(201).extract();
        String id = created.path("id");
        String old = created.path("secret");
        var rotated = given().header("Authorization", "Bearer " + token).post("/v1/webhooks/" + id + "/rotate-secret")
                .then().statusCode(200).body("previous_secret_expires_at", notNullValue()).extract();
        String fresh = rotated.path("secret");
        RecordedAnswers.record("rotateWebhookSecret", rotated.asString());
        assertFalse(old.equals(fresh));
        given().header("Authorization", "Bearer " + token).get("/v1/webhooks/" + id).then()
                .body("previous_secret_expires_at", notNullValue());

        EventRows.log(pool, "draft.created", domain, null, "d1", new JsonObject().put("draft_id", "d1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 1);
        Receiver.Request r = receiver.at(path).get(0);
        assertEquals(2, r.header("webhook-signature").split(" ").length, r.header("webhook-signature"));
        List<String> verified = StandardWebhooksVerifier.verify(List.of(new StandardWebhooksVerifier.Check(r, old),
                new StandardWebhooksVerifier.Check(r, fresh)));
        assertEquals(List.of("ok", "ok"), verified);
    }

    @Test
    void anotherTenantSeesNeitherTheWebhookNorItsEvents() {
        String mine = unique("mine");
        String theirs = unique("theirs");
        String myToken = key(mine);
        String theirToken = key(theirs);
        String path = "/tenant";
        String id = create(myToken, Map.of("url", receiver.url(path), "event_types", List.of("message.received")))
                .statusCode(201).extract().path("id");
        given().header("Authorization", "Bearer " + theirToken).get("/v1/webhooks/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + theirToken).get("/v1/webhooks/" + id + "/deliveries").then()
                .statusCode(404);
        given().header("Authorization", "Bearer " + theirToken).contentType(ContentType.JSON)
                .body(Map.of("enabled", false)).patch("/v1/webhooks/" + id).then().statusCode(404);
        given().header("Authorization", "Bearer " + theirToken).delete("/v1/webhooks/" + id).then().statusCode(404);
        given().header("Authorization", "Bearer " + theirToken).post("/v1/webhooks/" + id + "/rotate-secret").then()
                .statusCode(404);
        given().header("Authorization", "Bearer " + theirToken).get("/v1/webhooks").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
        RecordedAnswers.record("listWebhooks", given().header("Authorization", "Bearer " + myToken)
                .get("/v1/webhooks").then().statusCode(200).body("items.id", hasItem(id)).extract().asString());
        // a filter outside the key's domains is refused
        create(myToken, Map.of("url", receiver.url(path), "event_types", List.of("message.received"), "domain",
                theirs)).statusCode(422).body("errors[0].field", equalTo("domain"));

        EventRows.log(pool, "message.received", theirs, null, "x1", new JsonObject().put("message_id", "x1"));
        EventRows.log(pool, "message.received", null, null, "x2", new JsonObject().put("message_id", "x2"));
        EventRows.log(pool, "message.received", mine, null, "x3", new JsonObject().put("message_id", "x3"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> receiver.at(path).size() == 1);
        assertTrue(receiver.at(path).get(0).body().contains("\"x3\""));

        given().header("Authorization", "Bearer " + myToken).delete("/v1/webhooks/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + myToken).get("/v1/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void invalidRequestsNameTheirField() {
        String token = key(unique("invalid"));
        create(token, Map.of("url", receiver.url("/x"), "event_types", List.of("message.exploded"))).statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("event_types"));
        create(token, Map.of("url", receiver.url("/x"))).statusCode(422).body("errors[0].field", equalTo("event_types"));
        create(token, Map.of("url", "ftp://127.0.0.1/x", "event_types", List.of("message.received"))).statusCode(422)
                .body("errors[0].field", equalTo("url"));
        create(token, Map.of("url", "https://u:p@example.com/x", "event_types", List.of("message.received")))
                .statusCode(422).body("errors[0].field", equalTo("url"));
        create(token, Map.of("url", receiver.url("/x"), "event_types", List.of("message.received"), "colour", "red"))
                .statusCode(422).body("errors[0].field", equalTo("colour"));
        String unauthorised = TestKeys.publish(EnumSet.of(Permission.SEND), List.of("x.test"), null);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> given()
                .header("Authorization", "Bearer " + unauthorised).get("/v1/webhooks").then().statusCode(403));
    }

    @Test
    void aPayloadOverTheCapDropsTheBodiesAndLinksTheMessage() throws Exception {
        String domain = unique("big");
        String token = key(domain);
        String path = "/big";
        create(token, Map.of("url", receiver.url(path), "event_types", List.of("message.received"))).statusCode(201);
        EventRows.log(pool, "message.received", domain, null, "big1", new JsonObject().put("message_id", "big1")
                .put("text", "x".repeat(300_000)).put("html", "<p>hi</p>").put("subject", "large"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 1);
        JsonNode data = Json.mapper().readTree(receiver.at(path).get(0).body()).get("data");
        assertNull(data.get("text"));
        assertNull(data.get("html"));
        assertEquals("/v1/messages/big1", data.get("link").asText());
        assertEquals("large", data.get("subject").asText());
    }
}
