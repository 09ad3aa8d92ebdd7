package dev.mailroom.egress.rest;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.as;
import static dev.mailroom.egress.support.Api.awaitStatus;
import static dev.mailroom.egress.support.Api.key;
import static dev.mailroom.egress.support.Api.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.support.Api;
import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
/**
 * egress-sender's internal API as the api forwards it (messages, keys) and what becomes of requests the api put on
 * {@code mailroom.outbound.requested}; the send endpoints themselves are the api's (ADR 0032, api's SendApiTest).
 */
class MessagesApiTest {

    private static Map<String, Object> mail(String to, String marker) {
        return Map.of("from", "App <app@mail.test>", "to", List.of(to), "subject", "Hello " + marker,
                "text", "marker " + marker + "\n", "tags", List.of("welcome"));
    }

    @Test
    void requestsWithoutAValidKeyGetProblemJson401() {
        given().get("/v1/messages/none").then()
                .statusCode(401).contentType("application/problem+json").body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
        as("mr_nosuchkey_abcdef").get("/v1/messages/none").then().statusCode(401);
        as(BOOTSTRAP + "x").get("/v1/messages/none").then().statusCode(401);
    }

    @Test
    void requestedMailIsDeliveredDkimSignedAndItsAttemptsAreVisible() throws Exception {
        String token = key(List.of("mail.test"), null);
        String marker = UUID.randomUUID().toString();
        byte[] pdf = new byte[3000];
        new java.util.Random(7).nextBytes(pdf);
        Map<String, Object> body = Map.of("from", "App <app@mail.test>", "to", "Ann Émile <ann@accept.test>",
                "bcc", List.of("audit@accept.test"), "subject", "Grüße " + marker, "text", "hello " + marker,
                "html", "<p>hello " + marker + "</p>", "attachments", List.of(Map.of("filename", "r.pdf",
                        "content_type", "application/pdf", "content", Base64.getEncoder().encodeToString(pdf))));
        String id = send(body);

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
    void theRequestsMessageIdGoesOnTheWire() {
        String token = key(List.of("mail.test"), null);
        String marker = UUID.randomUUID().toString();
        OutboundRequest request = Api.request(mail("eve@accept.test", marker));
        Api.produce(request, Api.traceparent());
        JsonPath view = awaitStatus(token, request.id(), "delivered");
        assertEquals("<" + request.messageId() + ">", view.getString("message_id"));
        await().atMost(Duration.ofSeconds(30)).until(() -> SmtpPeersResource.containing(marker).size() == 1);
        String wire = SmtpPeersResource.containing(marker).get(0).text();
        assertTrue(wire.contains("Message-ID: <" + request.messageId() + ">\r\n"), wire);
    }

    /** The api may write a send twice (a retry after a lost acknowledgement): the same send id is sent once. */
    @Test
    void aSendIdRequestedTwiceIsSentOnce() {
        String token = key(List.of("mail.test"), null);
        String marker = UUID.randomUUID().toString();
        OutboundRequest request = Api.request(mail("twice@accept.test", marker));
        Api.produce(request, Api.traceparent());
        Api.produce(request, Api.traceparent());
        awaitStatus(token, request.id(), "delivered");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8))
                .until(() -> SmtpPeersResource.containing(marker).size() == 1);
    }

    @Test
    void revokedKeysStopWorkingWithinSeconds() {
        String token = key(List.of("mail.test"), null);
        as(token).get("/v1/messages/none").then().statusCode(404);
        TestKeys.revoke(TestKeys.idOf(token));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> as(token).get("/v1/messages/none").statusCode() == 401);
    }

    @Test
    void theApiKeysEndpointsAreNoLongerHere() {
        as(BOOTSTRAP).get("/v1/api-keys").then().statusCode(404);
        as(BOOTSTRAP).get("/v1/api-keys/self").then().statusCode(404);
    }

    @Test
    void messagesOfOtherDomainsAreNotVisible() {
        String token = key(List.of("mail.test"), null);
        String id = send(mail("v@accept.test", UUID.randomUUID().toString()));
        awaitStatus(token, id, "delivered");
        String stranger = key(List.of("elsewhere.test"), null);
        as(stranger).get("/v1/messages/" + id).then().statusCode(404);
        as(BOOTSTRAP).get("/v1/messages/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void openApiDocumentDescribesTheInternalApiWithoutSends() {
        String doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertTrue(doc.contains("/v1/messages/{id}"), doc);
        assertEquals(-1, doc.indexOf("/v1/send"), "sends are the api's");
        assertEquals(-1, doc.indexOf("/v1/api-keys"), "keys are the api's");
        assertTrue(new String(doc.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).contains("Mailroom API"));
    }
}
