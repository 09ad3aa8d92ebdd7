package dev.mailroom.egress.rest;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.as;
import static dev.mailroom.egress.support.Api.awaitStatus;
import static dev.mailroom.egress.support.Api.key;
import static dev.mailroom.egress.support.Api.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class SendApiTest {

    private static Map<String, Object> mail(String to, String marker) {
        return Map.of("from", "App <app@mail.test>", "to", List.of(to), "subject", "Hello " + marker,
                "text", "marker " + marker + "\n", "tags", List.of("welcome"));
    }

    @Test
    void requestsWithoutAValidKeyGetProblemJson401() {
        given().contentType(ContentType.JSON).body(mail("a@accept.test", "x")).post("/v1/send").then()
                .statusCode(401).contentType("application/problem+json").body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
        as("mr_nosuchkey_abcdef").body(mail("a@accept.test", "x")).post("/v1/send").then().statusCode(401);
        as(BOOTSTRAP + "x").get("/v1/api-keys").then().statusCode(401);
    }

    @Test
    void acceptedMailIsDeliveredDkimSignedAndItsAttemptsAreVisible() throws Exception {
        String token = key(List.of("mail.test"), null);
        String marker = UUID.randomUUID().toString();
        byte[] pdf = new byte[3000];
        new java.util.Random(7).nextBytes(pdf);
        Map<String, Object> body = Map.of("from", "App <app@mail.test>", "to", "Ann Émile <ann@accept.test>",
                "bcc", List.of("audit@accept.test"), "subject", "Grüße " + marker, "text", "hello " + marker,
                "html", "<p>hello " + marker + "</p>", "attachments", List.of(Map.of("filename", "r.pdf",
                        "content_type", "application/pdf", "content", Base64.getEncoder().encodeToString(pdf))));
        String id = send(token, body);

        JsonPath view = awaitStatus(token, id, "delivered");
        assertEquals(List.of("ann@accept.test", "audit@accept.test"), view.getList("recipients.address"));
        assertEquals(List.of("delivered", "delivered"), view.getList("recipients.status"));
        assertEquals(List.of("delivered", "delivered"), view.getList("attempts.outcome"));
        assertTrue(view.getString("attempts[0].reply").startsWith("250"), view.prettify());

        List<SmtpPeersResource.Received> received = SmtpPeersResource.containing(marker);
        assertEquals(1, received.size(), "one transaction for both recipients of accept.test");
        SmtpPeersResource.Received r = received.get(0);
        assertEquals("app@mail.test", r.from());
        assertEquals(List.of("ann@accept.test", "audit@accept.test"), r.recipients());
        assertTrue(!r.text().contains("audit@accept.test"), "Bcc never appears in the message");
        assertTrue(r.text().contains("Message-ID: " + view.getString("message_id")));
        List<String> verdicts = DkimKeysResource.verify(r.data());
        assertEquals("signatures 2", verdicts.get(0), String.join("\n", verdicts));
        assertTrue(verdicts.stream().filter(l -> l.startsWith("sig ")).allMatch(l -> l.contains(" pass")),
                String.join("\n", verdicts));
        assertTrue(verdicts.stream().anyMatch(l -> l.contains("ed25519-sha256")), String.join("\n", verdicts));
    }

    @Test
    void malformedJsonIsAProblemNamingTheFieldWithoutAStackTrace() {
        String token = key(List.of("mail.test"), null);
        String body = as(token).body("{\"from\":\"app@mail.test\",\"to\":\"ok@accept.test\",\"text\":\"x\","
                + "\"attachments\":[{\"filename\":{\"nested\":1},\"content\":\"eA==\"}]}").post("/v1/send").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/malformed-json"))
                .body("errors[0].field", equalTo("attachments[0].filename"))
                .body("errors[0].detail", equalTo("must be a string"))
                .body("instance", equalTo("/v1/send"))
                .extract().asString();
        for (String leak : List.of("Exception", "java.", "dev.mailroom", "\tat ", "com.fasterxml")) {
            assertTrue(!body.contains(leak), leak + " in " + body);
        }
        String syntax = as(token).body("{\"from\":\"app@mail.test\",\"to\":[\"a@accept.test\",").post("/v1/send")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON")).extract().asString();
        assertTrue(!syntax.contains("Exception") && !syntax.contains("com.fasterxml"), syntax);
    }

    @Test
    void invalidRequestsNameEachField() {
        String token = key(List.of("mail.test"), null);
        as(token).body(Map.of("from", "app@mail.test", "to", List.of("not an address", "ok@accept.test"),
                "subject", "evil\r\nBcc: victim@example.org", "text", "x",
                "headers", Map.of("X-Ok", "fine\nInjected: yes"))).post("/v1/send").then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItems("to[0]", "subject", "headers.X-Ok"));
        as(token).body(Map.of("from", "app@mail.test", "subject", "no recipient", "text", "x")).post("/v1/send")
                .then().statusCode(422).body("errors.field", hasItem("to"));
        as(token).body("{\"from\":\"app@mail.test\",\"too\":[\"a@accept.test\"],\"text\":\"typo\"}").post("/v1/send")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("too"));
        as(token).body("{not json").post("/v1/send").then().statusCode(400)
                .contentType("application/problem+json").body("detail", not(containsString("Exception")));
    }

    @Test
    void aKeySendsOnlyFromItsDomains() {
        String token = key(List.of("mail.test"), null);
        as(token).body(Map.of("from", "app@other.test", "to", "a@accept.test", "text", "x")).post("/v1/send")
                .then().statusCode(422).body("errors[0].field", equalTo("from"))
                .body("errors[0].detail", containsString("other.test"));
        as(token).get("/v1/api-keys").then().statusCode(403).contentType("application/problem+json");
        String id = token.substring(3, token.indexOf('_', 3));
        as(token).get("/v1/api-keys/self").then().statusCode(200).body("id", equalTo(id))
                .body("domains", equalTo(List.of("mail.test"))).body("admin", equalTo(false))
                .body("key", nullValue());
        as(BOOTSTRAP).get("/v1/api-keys/self").then().statusCode(200).body("admin", equalTo(true));
        as(token + "x").get("/v1/api-keys/self").then().statusCode(401);
    }

    @Test
    void sameIdempotencyKeySendsOnceAndAnotherBodyIsRefused() {
        String token = key(List.of("mail.test"), null);
        String marker = UUID.randomUUID().toString();
        String idem = "order-" + marker;
        JsonPath answer = as(token).header("Idempotency-Key", idem).body(mail("bob@accept.test", marker))
                .post("/v1/send").then().statusCode(202).extract().jsonPath();
        JsonPath replay = as(token).header("Idempotency-Key", idem).body(mail("bob@accept.test", marker))
                .post("/v1/send").then().statusCode(202).extract().jsonPath();
        String first = answer.getString("id");
        assertEquals(first, replay.getString("id"));
        assertEquals(answer.getString("message_id"), replay.getString("message_id"), "the same Message-ID again");
        as(token).header("Idempotency-Key", idem).body(mail("carl@accept.test", marker)).post("/v1/send").then()
                .statusCode(422).body("type", containsString("idempotency-key-reused"));
        awaitStatus(token, first, "delivered");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> SmtpPeersResource.containing(marker).size() == 1);
    }

    @Test
    void theAnswerNamesTheMessageIdThatGoesOnTheWire() {
        String token = key(List.of("mail.test"), null);
        String marker = UUID.randomUUID().toString();
        JsonPath accepted = as(token).body(mail("eve@accept.test", marker)).post("/v1/send").then().statusCode(202)
                .extract().jsonPath();
        String id = accepted.getString("id");
        String messageId = accepted.getString("message_id");
        assertEquals("<" + id + "@mail.test>", messageId, "minted when accepting");
        JsonPath view = awaitStatus(token, id, "delivered");
        assertEquals(messageId, view.getString("message_id"));
        await().atMost(Duration.ofSeconds(30)).until(() -> SmtpPeersResource.containing(marker).size() == 1);
        String wire = SmtpPeersResource.containing(marker).get(0).text();
        assertTrue(wire.contains("Message-ID: " + messageId + "\r\n"), wire);

        JsonPath batch = as(token).body(List.of(mail("a@accept.test", marker + "b"), mail("b@accept.test",
                marker + "b"))).post("/v1/send/batch").then().statusCode(202).extract().jsonPath();
        List<String> ids = batch.getList("ids");
        assertEquals(List.of("<" + ids.get(0) + "@mail.test>", "<" + ids.get(1) + "@mail.test>"),
                batch.getList("message_ids"));
    }

    @Test
    void batchIsAllOrNothing() {
        String token = key(List.of("mail.test"), null);
        String marker = UUID.randomUUID().toString();
        as(token).body(List.of(mail("a@accept.test", marker), Map.of("from", "app@mail.test", "to", "bad@@x",
                "text", "x"))).post("/v1/send/batch").then().statusCode(422)
                .body("errors[0].field", equalTo("[1].to[0]"));
        List<String> ids = as(token).body(List.of(mail("a@accept.test", marker), mail("b@accept.test", marker),
                mail("c@accept.test", marker))).post("/v1/send/batch").then().statusCode(202).extract().path("ids");
        assertEquals(3, ids.size());
        ids.forEach(id -> awaitStatus(token, id, "delivered"));
        assertEquals(3, SmtpPeersResource.containing(marker).size());
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() {
        String token = key(List.of("mail.test"), 2);
        as(token).get("/v1/messages/none").then().statusCode(404);
        as(token).get("/v1/messages/none").then().statusCode(404);
        as(token).get("/v1/messages/none").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue());
    }

    @Test
    void revokedKeysStopWorkingAtOnce() {
        String token = key(List.of("mail.test"), null);
        String id = token.substring(3, token.indexOf('_', 3));
        as(token).get("/v1/messages/none").then().statusCode(404);
        as(BOOTSTRAP).get("/v1/api-keys").then().statusCode(200).body("id", hasItem(id))
                .body("key", not(hasItem(notNullValue())));
        as(BOOTSTRAP).delete("/v1/api-keys/" + id).then().statusCode(204);
        as(token).get("/v1/messages/none").then().statusCode(401);
        as(BOOTSTRAP).delete("/v1/api-keys/nosuchkey").then().statusCode(404);
    }

    @Test
    void messagesOfOtherDomainsAreNotVisible() {
        String token = key(List.of("mail.test"), null);
        String id = send(token, mail("v@accept.test", UUID.randomUUID().toString()));
        String stranger = key(List.of("elsewhere.test"), null);
        as(stranger).get("/v1/messages/" + id).then().statusCode(404);
        as(BOOTSTRAP).get("/v1/messages/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void openApiDocumentDescribesTheSendApi() {
        String doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertTrue(doc.contains("/v1/send") && doc.contains("/v1/messages/{id}") && doc.contains("/v1/api-keys"), doc);
        assertNotEquals(-1, doc.indexOf("Idempotency-Key"));
        assertTrue(new String(doc.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).contains("Mailroom API"));
    }
}
