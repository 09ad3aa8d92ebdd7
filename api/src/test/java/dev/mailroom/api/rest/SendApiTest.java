package dev.mailroom.api.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import dev.mailroom.api.support.Scrape;
import dev.mailroom.api.support.SendProfile;
import dev.mailroom.api.support.TestKeys;
import dev.mailroom.api.support.Topic;
import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** {@code POST /v1/send} and {@code /v1/send/batch} against a real Kafka and PostgreSQL (ADR 0032). */
@QuarkusTest
@TestProfile(SendProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SendApiTest {

    private static final Duration QUIET = Duration.ofSeconds(2);

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static Map<String, Object> mail(String to, String marker) {
        return Map.of("from", "App <app@mail.test>", "to", List.of(to), "subject", "Hello " + marker,
                "text", "marker " + marker + "\n", "tags", List.of("welcome"));
    }

    private static List<ConsumerRecord<String, byte[]>> records(String sendId) {
        return Topic.withKey(Topic.outbound(KafkaTestResource.bootstrapServers(), QUIET), sendId);
    }

    @Test
    void requestsWithoutAValidKeyGetProblemJson401() {
        given().contentType(ContentType.JSON).body(mail("a@accept.test", "x")).post("/v1/send").then()
                .statusCode(401).contentType("application/problem+json").body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
        as("mr_nosuchkey_abcdef").body(mail("a@accept.test", "x")).post("/v1/send").then().statusCode(401);
    }

    @Test
    void acceptedMessagesAreCounted() {
        String sample = "mailroom_api_sends_total{outcome=\"accepted\"}";
        double before = Scrape.value(sample);
        as(TestKeys.MAILER).body(List.of(mail("a@accept.test", "m1"), mail("b@accept.test", "m2")))
                .post("/v1/send/batch").then().statusCode(202);
        assertEquals(before + 2, Scrape.value(sample), "one per message of the batch");
    }

    @Test
    void theAnswerNamesTheSendIdAndMessageIdOfTheRecordKafkaAcknowledged() {
        String marker = UUID.randomUUID().toString();
        byte[] pdf = new byte[3000];
        new java.util.Random(7).nextBytes(pdf);
        String content = Base64.getEncoder().encodeToString(pdf);
        Map<String, Object> body = Map.of("from", "App <app@mail.test>", "to", "Ann Émile <ann@accept.test>",
                "bcc", List.of("audit@accept.test"), "reply_to", "help@mail.test", "subject", "Grüße " + marker,
                "text", "hello " + marker, "html", "<p>hello " + marker + "</p>", "in_reply_to", "<parent@x.test>",
                "attachments", List.of(Map.of("filename", "r.pdf", "content_type", "application/pdf",
                        "content", content)));
        JsonPath answer = as(TestKeys.MAILER).body(body).post("/v1/send").then().statusCode(202)
                .contentType(ContentType.JSON).extract().jsonPath();
        String id = answer.getString("id");
        assertEquals("<" + id + "@mail.test>", answer.getString("message_id"), "minted when accepting");
        assertEquals(Map.of("id", id, "message_id", "<" + id + "@mail.test>"), answer.getMap(""),
                "the answer is the ids");

        // the 202 came after the acknowledgement: the record is there, read at once
        List<ConsumerRecord<String, byte[]>> records = records(id);
        assertEquals(1, records.size());
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertEquals(id, new String(record.headers().lastHeader(KafkaHeaders.MESSAGE_ID).value(),
                StandardCharsets.UTF_8));
        OutboundRequest request = Topic.request(record);
        assertEquals(id, request.id());
        assertEquals(id + "@mail.test", request.messageId());
        assertEquals("app@mail.test", request.from().address());
        assertEquals("App", request.from().name());
        assertEquals("ann@accept.test", request.to().get(0).address());
        assertEquals("Ann Émile", request.to().get(0).name());
        assertEquals("audit@accept.test", request.bcc().get(0).address());
        assertEquals("help@mail.test", request.replyTo().get(0).address());
        assertEquals("parent@x.test", request.inReplyTo());
        assertEquals("Grüße " + marker, request.subject());
        assertEquals(content, request.attachments().get(0).contentBase64());
        assertEquals("application/pdf", request.attachments().get(0).contentType());
        assertNotNull(request.requestedAt());
        Header trace = record.headers().lastHeader("traceparent");
        assertNotNull(trace, "the record carries the request's trace context");
    }

    @Test
    void malformedJsonIsAProblemNamingTheFieldWithoutAStackTrace() {
        String body = as(TestKeys.MAILER).body("{\"from\":\"app@mail.test\",\"to\":\"ok@accept.test\",\"text\":\"x\","
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
        String syntax = as(TestKeys.MAILER).body("{\"from\":\"app@mail.test\",\"to\":[\"a@accept.test\",")
                .post("/v1/send").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON")).extract().asString();
        assertTrue(!syntax.contains("Exception") && !syntax.contains("com.fasterxml"), syntax);
    }

    @Test
    void invalidRequestsNameEachField() {
        as(TestKeys.MAILER).body(Map.of("from", "app@mail.test", "to", List.of("not an address", "ok@accept.test"),
                "subject", "evil\r\nBcc: victim@example.org", "text", "x",
                "headers", Map.of("X-Ok", "fine\nInjected: yes"))).post("/v1/send").then()
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/invalid-request"))
                .body("errors.field", hasItems("to[0]", "subject", "headers.X-Ok"));
        as(TestKeys.MAILER).body(Map.of("from", "app@mail.test", "subject", "no recipient", "text", "x"))
                .post("/v1/send").then().statusCode(422).body("errors.field", hasItem("to"));
        as(TestKeys.MAILER).body(Map.of("to", "a@accept.test", "text", "x")).post("/v1/send").then()
                .statusCode(422).body("errors.field", hasItem("from"));
        // snake_case only: the Java name of a field is an unknown field (422 naming it, ADR 0030)
        as(TestKeys.MAILER).body("{\"from\":\"app@mail.test\",\"to\":\"a@accept.test\",\"replyTo\":\"b@mail.test\"}")
                .post("/v1/send").then().statusCode(422).body("errors[0].field", equalTo("replyTo"));
        as(TestKeys.MAILER).body("{\"from\":\"app@mail.test\",\"too\":[\"a@accept.test\"],\"text\":\"typo\"}")
                .post("/v1/send").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("too"));
        as(TestKeys.MAILER).body("{not json").post("/v1/send").then().statusCode(400)
                .contentType("application/problem+json").body("detail", not(containsString("Exception")));
        as(TestKeys.MAILER).header("Idempotency-Key", "x".repeat(256)).body(mail("a@accept.test", "k"))
                .post("/v1/send").then().statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void aKeySendsOnlyFromItsDomains() {
        as(TestKeys.MAILER).body(Map.of("from", "app@other.test", "to", "a@accept.test", "text", "x"))
                .post("/v1/send").then().statusCode(403).contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"))
                .body("errors[0].detail", equalTo("this API key may not send from other.test"));
    }

    @Test
    void aKeyWithoutThePermissionSendIsRefused() {
        as(TestKeys.READER).body(mail("a@accept.test", "r")).post("/v1/send").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/forbidden"))
                .body("detail", containsString("send"));
        as(TestKeys.READER).body(List.of(mail("a@accept.test", "r"))).post("/v1/send/batch").then().statusCode(403);
    }

    @Test
    void noKeyNotEvenAnAdminKeySendsFromADomainMailroomDoesNotServe() {
        for (String key : List.of(TestKeys.ADMIN, TestKeys.ANY_DOMAIN)) {
            String detail = as(key).body(Map.of("from", "ceo@bank.example", "to", "a@accept.test", "text", "x"))
                    .post("/v1/send").then().statusCode(403).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("from")).extract().path("errors[0].detail");
            assertTrue(detail.contains("bank.example"), detail);
        }
        as(TestKeys.ADMIN).body(List.of(mail("a@accept.test", "b"), Map.of("from", "x@bank.example", "to",
                "a@accept.test", "text", "x"))).post("/v1/send/batch").then().statusCode(403)
                .body("errors[0].field", equalTo("[1].from"));
    }

    @Test
    void aDomainOfTheDomainStoreSendsOnceItsRecordAllowsItAndStopsAfterItsTombstone() {
        String domain = "stored-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Map<String, Object> body = Map.of("from", "app@" + domain, "to", "a@accept.test", "text", "x");
        as(TestKeys.ADMIN).body(body).post("/v1/send").then().statusCode(403);
        // stored, DKIM not verified yet: refused with the record's reason (ADR 0033), admin key or not
        String reason = domain + " cannot send yet: publish the DKIM records and call /verify";
        KafkaTestClient.produce(Topics.DOMAINS, domain, Json.encode(new DomainRecord(DomainRecord.VERSION, domain,
                true, Instant.now(), false, reason, List.of())), null);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> reason.equals(as(TestKeys.ADMIN).body(body).post("/v1/send").then().statusCode(403)
                        .extract().path("errors[0].detail")));
        KafkaTestClient.produce(Topics.DOMAINS, domain, Json.encode(new DomainRecord(DomainRecord.VERSION, domain,
                true, Instant.now(), true, null, List.of())), null);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(TestKeys.ADMIN).body(body).post("/v1/send").statusCode() == 202);
        KafkaTestClient.produce(Topics.DOMAINS, domain, null, null); // removed again
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(TestKeys.ADMIN).body(body).post("/v1/send").statusCode() == 403);
    }

    @Test
    void sameIdempotencyKeySendsOnceAndAnotherBodyIsRefused() {
        String marker = UUID.randomUUID().toString();
        String idem = "order-" + marker;
        JsonPath answer = as(TestKeys.MAILER).header("Idempotency-Key", idem).body(mail("bob@accept.test", marker))
                .post("/v1/send").then().statusCode(202).extract().jsonPath();
        JsonPath replay = as(TestKeys.MAILER).header("Idempotency-Key", idem).body(mail("bob@accept.test", marker))
                .post("/v1/send").then().statusCode(202).extract().jsonPath();
        String first = answer.getString("id");
        assertEquals(first, replay.getString("id"));
        assertEquals(answer.getString("message_id"), replay.getString("message_id"), "the same Message-ID again");
        as(TestKeys.MAILER).header("Idempotency-Key", idem).body(mail("carl@accept.test", marker)).post("/v1/send")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/idempotency-key-reused"));
        as(TestKeys.MAILER).header("Idempotency-Key", idem).body(List.of(mail("bob@accept.test", marker)))
                .post("/v1/send/batch").then().statusCode(409);
        // keys are per API key: another key's same Idempotency-Key is another request
        String other = as(TestKeys.ADMIN).header("Idempotency-Key", idem).body(mail("bob@accept.test", marker))
                .post("/v1/send").then().statusCode(202).extract().path("id");
        assertTrue(!other.equals(first));
        assertEquals(1, records(first).size(), "one record for the key's request");
    }

    @Test
    void concurrentDuplicatesOfOneIdempotencyKeyHaveOneEffectAndEqualAnswers() throws Exception {
        String marker = UUID.randomUUID().toString();
        String idem = "burst-" + marker;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> as(TestKeys.MAILER).header("Idempotency-Key", idem)
                        .body(mail("burst@accept.test", marker)).post("/v1/send"));
            }
            List<String> answers = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                assertEquals(202, r.statusCode(), r.asString());
                answers.add(r.asString());
            }
            assertEquals(1, answers.stream().distinct().count(), answers.toString());
            String id = JsonPath.from(answers.get(0)).getString("id");
            long onTopic = Topic.outbound(KafkaTestResource.bootstrapServers(), QUIET).stream()
                    .filter(r -> Topic.request(r).subject().equals("Hello " + marker)).count();
            assertEquals(1, onTopic, "exactly one record of the burst");
            assertEquals(1, records(id).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchIsAllOrNothingAndAnswersIdsInOrder() {
        String marker = UUID.randomUUID().toString();
        as(TestKeys.MAILER).body(List.of(mail("a@accept.test", marker), Map.of("from", "app@mail.test", "to",
                "bad@@x", "text", "x"))).post("/v1/send/batch").then().statusCode(422)
                .body("errors[0].field", equalTo("[1].to[0]"));
        as(TestKeys.MAILER).body(List.of()).post("/v1/send/batch").then().statusCode(422);
        JsonPath batch = as(TestKeys.MAILER).body(List.of(mail("a@accept.test", marker),
                mail("b@accept.test", marker), mail("c@accept.test", marker))).post("/v1/send/batch").then()
                .statusCode(202).extract().jsonPath();
        List<String> ids = batch.getList("ids");
        assertEquals(3, ids.size());
        assertEquals(ids.stream().map(id -> "<" + id + "@mail.test>").toList(), batch.getList("message_ids"));
        List<ConsumerRecord<String, byte[]>> all = Topic.outbound(KafkaTestResource.bootstrapServers(), QUIET);
        List<String> recipients = ids.stream().map(id -> Topic.request(Topic.withKey(all, id).get(0)).to().get(0)
                .address()).toList();
        assertEquals(List.of("a@accept.test", "b@accept.test", "c@accept.test"), recipients);
        // a batch failing validation wrote nothing
        assertEquals(3, all.stream().filter(r -> Topic.request(r).subject().equals("Hello " + marker)).count());
    }

    @Test
    void openApiDocumentDescribesTheSendApi() {
        String doc = given().accept("application/json").get("/openapi").then().statusCode(200).extract().asString();
        assertTrue(doc.contains("/v1/send") && doc.contains("/v1/send/batch"), doc);
        assertTrue(doc.contains("Idempotency-Key") && doc.contains("kafka-unavailable"), doc);
    }
}
