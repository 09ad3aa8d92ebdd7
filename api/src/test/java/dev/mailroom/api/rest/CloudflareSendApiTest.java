package dev.mailroom.api.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.api.support.SendProfile;
import dev.mailroom.api.support.TestKeys;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Cloudflare's send and send_raw on the api: the official {@code cloudflare} npm SDK (Node harness) sends and the
 * request lands on {@code mailroom.outbound.requested} in a real Kafka; the shape mapping (address unions, headers,
 * attachments) as egress-sender will read it; every refusal in Cloudflare's envelope with its numeric code, never
 * problem+json. Delivery to an SMTP sink is the e2e module's {@code CloudflareSdkScenario} (egress-sender runs there).
 */
@QuarkusTest
@TestProfile(SendProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class CloudflareSendApiTest {

    private static final String SEND = "/client/v4/accounts/any-account/email/sending/send";
    private static final String SEND_RAW = "/client/v4/accounts/any-account/email/sending/send_raw";

    @TestHTTPResource("/client/v4")
    URL base;

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** The request published for send id {@code id} (the part of the Message-ID before {@code @}). */
    private static OutboundRequest published(String messageId) {
        String id = messageId.substring(1, messageId.indexOf('@'));
        List<ConsumerRecord<String, byte[]>> records = KafkaTestClient.await(Topics.OUTBOUND_REQUESTED,
                r -> id.equals(r.key()), 1, Duration.ofSeconds(20));
        return Json.decode(records.get(0).value(), OutboundRequest.class, OutboundRequest.VERSION);
    }

    /** Cloudflare's failure envelope with {@code status} and the first error's {@code code}. */
    private static ValidatableResponse cloudflareError(ValidatableResponse r, int status, int code) {
        return r.statusCode(status).contentType(ContentType.JSON).body("success", equalTo(false))
                .body("result", nullValue()).body("errors[0].code", equalTo(code));
    }

    @Test
    void theOfficialSdkSendsAndTheRequestIsDurableInKafka() throws Exception {
        String marker = UUID.randomUUID().toString();
        CloudflareSdk.Result sent = CloudflareSdk.send(base.toString(), TestKeys.MAILER, "--from",
                "App <app@mail.test>", "--to", "ann@example.org", "--to", "bob@example.org", "--subject",
                "Hello " + marker, "--text", "text " + marker, "--html", "<p>" + marker + "</p>");
        assertEquals(0, sent.exitCode(), sent.output());
        JsonNode result = sent.result();
        assertEquals("[\"ann@example.org\",\"bob@example.org\"]", result.path("queued").toString());
        assertEquals("[]", result.path("delivered").toString());
        assertEquals("[]", result.path("permanent_bounces").toString());
        String messageId = result.path("message_id").asText();
        assertTrue(messageId.matches("<[^@>]+@mail\\.test>"), messageId);

        OutboundRequest r = published(messageId);
        assertEquals(new EmailAddress("App", "app@mail.test"), r.from());
        assertEquals(List.of(EmailAddress.of("ann@example.org"), EmailAddress.of("bob@example.org")), r.to());
        assertEquals("Hello " + marker, r.subject());
        assertEquals("text " + marker, r.text());
        assertEquals("<p>" + marker + "</p>", r.html());
        assertEquals(messageId, "<" + r.messageId() + ">");
    }

    @Test
    void theOfficialSdkSendsARawMessageAsItIs() throws Exception {
        String marker = UUID.randomUUID().toString();
        CloudflareSdk.Result sent = CloudflareSdk.send(base.toString(), TestKeys.MAILER, "--raw", "--from",
                "app@mail.test", "--to", "ann@example.org", "--subject", "Raw " + marker, "--text", "raw " + marker);
        assertEquals(0, sent.exitCode(), sent.output());
        assertEquals("[\"ann@example.org\"]", sent.result().path("queued").toString());
        OutboundRequest r = published(sent.result().path("message_id").asText());
        String mime = new String(Base64.getDecoder().decode(r.raw()), StandardCharsets.UTF_8);
        assertTrue(mime.startsWith("From: app@mail.test\r\nTo: ann@example.org\r\nSubject: Raw " + marker + "\r\n"),
                mime);
        assertEquals(List.of(EmailAddress.of("ann@example.org")), r.to());
        assertEquals("app@mail.test", r.from().address());
        assertNull(r.text());
    }

    @Test
    void theSdkSeesCloudflaresErrorCodes() throws Exception {
        CloudflareSdk.Result refused = CloudflareSdk.send(base.toString(), "mr_nosuchkey_0123456789", "--from",
                "app@mail.test", "--to", "ann@example.org");
        assertEquals(1, refused.exitCode(), refused.output());
        assertEquals(401, refused.json().path("status").asInt());
        assertEquals(10101, refused.json().path("errors").path(0).path("code").asInt(), refused.output());

        CloudflareSdk.Result scope = CloudflareSdk.send(base.toString(), TestKeys.MAILER, "--from",
                "app@other.test", "--to", "ann@example.org");
        assertEquals(403, scope.json().path("status").asInt(), scope.output());
        assertEquals(10102, scope.json().path("errors").path(0).path("code").asInt(), scope.output());
        assertEquals("/from", scope.json().path("errors").path(0).path("source").path("pointer").asText());
    }

    @Test
    void addressObjectsHeadersAndAttachmentsMapOntoTheSendRequest() {
        String png = Base64.getEncoder().encodeToString(new byte[] { (byte) 0x89, 'P', 'N', 'G' });
        String messageId = as(TestKeys.MAILER).body(Map.of(
                "from", Map.of("address", "app@mail.test", "name", "Ann, \"The\" App"),
                "to", Map.of("address", "ann@example.org"),
                "cc", List.of("cc1@example.org", Map.of("address", "cc2@example.org", "name", "Cé")),
                "bcc", "audit@example.org",
                "reply_to", Map.of("address", "help@mail.test", "name", "Help"),
                "subject", "Shapes", "html", "<img src=\"cid:logo\">",
                "headers", Map.of("list-unsubscribe", "<https://mail.test/u?x=1>", "X-Campaign", "c1",
                        "In-Reply-To", "<first@example.org>", "References", "<zero@example.org> <first@example.org>"),
                "attachments", List.of(
                        Map.of("content", png, "filename", "logo.png", "type", "image/png", "disposition", "inline",
                                "content_id", "logo"),
                        Map.of("content", "aGVsbG8=", "filename", "a.txt", "type", "text/plain",
                                "disposition", "attachment"))))
                .post(SEND).then().statusCode(200).contentType(ContentType.JSON)
                .body("success", equalTo(true)).body("errors.size()", equalTo(0))
                .body("messages.size()", equalTo(0))
                .body("result.queued", contains("ann@example.org", "cc1@example.org", "cc2@example.org",
                        "audit@example.org"))
                .extract().path("result.message_id");

        OutboundRequest r = published(messageId);
        assertEquals(new EmailAddress("Ann, \"The\" App", "app@mail.test"), r.from());
        assertEquals(List.of(EmailAddress.of("cc1@example.org"), new EmailAddress("Cé", "cc2@example.org")), r.cc());
        assertEquals(List.of(EmailAddress.of("audit@example.org")), r.bcc());
        assertEquals(List.of(new EmailAddress("Help", "help@mail.test")), r.replyTo());
        assertEquals(Map.of("List-Unsubscribe", "<https://mail.test/u?x=1>", "X-Campaign", "c1"), r.headers());
        assertEquals("first@example.org", r.inReplyTo());
        assertEquals(List.of("zero@example.org", "first@example.org"), r.references());
        assertEquals(List.of(new OutboundRequest.Attachment("logo.png", "image/png", png, "logo"),
                new OutboundRequest.Attachment("a.txt", "text/plain", "aGVsbG8=", null)), r.attachments());
        assertNull(r.text());
    }

    @Test
    void sameIdempotencyKeyAnswersTheSameMessage() {
        Map<String, Object> body = Map.of("from", "app@mail.test", "to", "ann@example.org", "subject", "once",
                "text", "x");
        String key = UUID.randomUUID().toString();
        String first = as(TestKeys.MAILER).header("Idempotency-Key", key).body(body).post(SEND).then()
                .statusCode(200).extract().path("result.message_id");
        as(TestKeys.MAILER).header("Idempotency-Key", key).body(body).post(SEND).then().statusCode(200)
                .body("result.message_id", equalTo(first));
    }

    @Test
    void withoutAValidTokenTheAnswerIsCloudflares401NotProblemJson() {
        cloudflareError(given().contentType(ContentType.JSON).body(Map.of()).post(SEND).then(), 401, 10101)
                .body("errors[0].message", equalTo("email.sending.error.authentication.unauthorized"))
                .body("messages[0].message", containsString("Authorization: Bearer"));
        cloudflareError(as("mr_nosuchkey_0123456789").body(Map.of()).post(SEND_RAW).then(), 401, 10101);
    }

    @Test
    void invalidRequestsAre10001NamingEachFieldByJsonPointer() {
        cloudflareError(as(TestKeys.MAILER).body(Map.of("from", "app@mail.test",
                "to", List.of("ann@example.org", "not an address"), "subject", "x\r\nBcc: victim@example.org",
                "text", "x")).post(SEND).then(), 400, 10001)
                .body("errors.source.pointer", contains("/to/1", "/subject"))
                .body("errors.message", contains("email.sending.error.invalid_request_schema",
                        "email.sending.error.invalid_request_schema"));
        cloudflareError(as(TestKeys.MAILER).body(Map.of("from", "app@mail.test", "to", "a@example.org",
                "subject", "s", "text", "t", "headers", Map.of("Date", "today"))).post(SEND).then(), 400, 10001)
                .body("errors[0].source.pointer", equalTo("/headers/Date"))
                .body("messages[0].message", containsString("E_HEADER_NOT_ALLOWED"));
        cloudflareError(as(TestKeys.MAILER).body(Map.of("from", "app@mail.test", "subject", "s"))
                .post(SEND).then(), 400, 10001)
                .body("errors.source.pointer", contains("/to", "/text"));
    }

    @Test
    void unreadableJsonAndUnknownFieldsAre10001Too() {
        cloudflareError(as(TestKeys.MAILER).body("{\"from\": \"app@mail.test\",").post(SEND).then(), 400,
                10001);
        cloudflareError(as(TestKeys.MAILER).body(Map.of("from", "app@mail.test", "to", "a@example.org",
                "subject", "s", "text", "t", "replyTo", "b@example.org")).post(SEND).then(), 400, 10001)
                .body("errors[0].source.pointer", equalTo("/replyTo"));
        String body = as(TestKeys.MAILER).body(Map.of("from", "app@mail.test", "to", "a@example.org",
                "subject", "s", "text", "t", "attachments", List.of(Map.of("content", 5, "filename", List.of()))))
                .post(SEND).then().statusCode(400).extract().asString();
        for (String leak : List.of("Exception", "java.", "dev.mailroom", "com.fasterxml", "problem")) {
            assertTrue(!body.contains(leak), leak + " in " + body);
        }
    }

    @Test
    void senderRefusalsAre403WithTheKeysOrTheDomainsCode() {
        cloudflareError(as(TestKeys.MAILER).body(Map.of("from", "app@other.test", "to", "a@example.org",
                "subject", "s", "text", "t")).post(SEND).then(), 403, 10102)
                .body("errors[0].source.pointer", equalTo("/from"))
                .body("messages[0].message", containsString("other.test"));
        // a key without the permission send
        cloudflareError(as(TestKeys.READER).body(Map.of("from", "app@mail.test", "to", "a@example.org",
                "subject", "s", "text", "t")).post(SEND).then(), 403, 10102)
                .body("messages[0].message", containsString("send"));
        // an admin key too: Mailroom does not send for a domain it does not serve
        cloudflareError(as(TestKeys.ADMIN).body(Map.of("from", Map.of("address", "ceo@foreign.example"),
                "to", "a@example.org", "subject", "s", "text", "t")).post(SEND).then(), 403, 10203)
                .body("errors[0].source.pointer", equalTo("/from"));
        cloudflareError(as(TestKeys.ADMIN).body(Map.of("from", "ceo@foreign.example", "recipients",
                List.of("a@example.org"), "mime_message", "From: ceo@foreign.example\r\n\r\nhi\r\n")).post(SEND_RAW)
                .then(), 403, 10203);
    }

    @Test
    void aRawMessageMailroomCannotSendIs10202() {
        cloudflareError(as(TestKeys.MAILER).body(Map.of("from", "app@mail.test", "recipients",
                List.of("a@example.org"), "mime_message", "Subject: no from\r\n\r\nbody\r\n")).post(SEND_RAW).then(),
                400, 10202)
                .body("errors[0].source.pointer", equalTo("/mime_message"))
                .body("errors[0].message", equalTo("email.sending.error.email.invalid"));
        cloudflareError(as(TestKeys.MAILER).body(Map.of("from", "app@mail.test", "mime_message", "x"))
                .post(SEND_RAW).then(), 400, 10001)
                .body("errors[0].source.pointer", equalTo("/recipients"));
    }

    @Test
    void unknownPathsUnderClientV4Are10000() {
        cloudflareError(as(TestKeys.MAILER).body(Map.of()).post("/client/v4/accounts/a/email/sending/nope")
                .then(), 404, 10000);
    }
}
