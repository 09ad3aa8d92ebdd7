package dev.mailroom.egress.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.mail.address.AddressParser;
import dev.mailroom.platform.auth.LocalApiKeyVerifier;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.platform.observability.TraceHeaders;
import dev.mailroom.stack.KafkaTestClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Calls of egress-sender's internal API as the api makes them, and sends as the api puts them on
 * {@code mailroom.outbound.requested} (egress has no send endpoint: ADR 0032).
 */
public final class Api {

    /**
     * An admin key, published on {@code mailroom.api-keys} as the api publishes its bootstrap key (record id
     * {@code bootstrap}) the first time a test uses it.
     */
    public static final String BOOTSTRAP = "test-bootstrap-key-0123456789abcdef0123456789";

    private static volatile boolean bootstrapPublished;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Api() {
    }

    public static RequestSpecification as(String token) {
        if (BOOTSTRAP.equals(token) && !bootstrapPublished) {
            publishBootstrap();
        }
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static synchronized void publishBootstrap() {
        if (!bootstrapPublished) {
            TestKeys.publish(LocalApiKeyVerifier.BOOTSTRAP_ID, BOOTSTRAP, EnumSet.of(Permission.ADMIN),
                    List.of("*"), null);
            awaitAccepted(BOOTSTRAP);
            bootstrapPublished = true;
        }
    }

    /**
     * A new key for {@code domains} with the permissions egress-sender's send API needs (send, read), published on
     * {@code mailroom.api-keys} as the api does; returns its token once egress-sender accepts it. Rates are the
     * api's (ADR 0031): egress-sender does not limit them, so {@code ratePerMinute} only travels in the record.
     */
    public static String key(List<String> domains, Integer ratePerMinute) {
        String token = TestKeys.publish(EnumSet.of(Permission.SEND, Permission.READ), domains, ratePerMinute);
        awaitAccepted(token);
        return token;
    }

    /** Waits until egress-sender's key table holds {@code token} (the table follows the topic within a second). */
    private static void awaitAccepted(String token) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .header("Authorization", "Bearer " + token).get("/v1/messages/none").statusCode() != 401);
    }

    /**
     * Puts {@code message} (the api's send JSON: from, to, cc, bcc, reply_to, subject, text, html, attachments,
     * headers, in_reply_to, references, tags) on {@code mailroom.outbound.requested} as the api does — a minted send
     * id, Message-ID {@code <id>@<from domain>}, a {@code traceparent} — once Kafka acknowledged; returns the send id.
     */
    public static String send(Map<String, Object> message) {
        OutboundRequest request = request(message);
        produce(request, traceparent());
        return request.id();
    }

    /** {@link #send} of each message; the ids in order. */
    public static List<String> sendAll(List<Map<String, Object>> messages) {
        return messages.stream().map(Api::send).toList();
    }

    /** A new sampled W3C trace context ({@code 00-<trace id>-<span id>-01}). */
    public static String traceparent() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        RANDOM.nextBytes(trace);
        RANDOM.nextBytes(span);
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
    }

    /** Produces {@code request} keyed by its id, with the api's headers and {@code traceparent}. */
    public static void produce(OutboundRequest request, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.MESSAGE_ID, request.id().getBytes(StandardCharsets.UTF_8));
        headers.add(TraceHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), Json.encode(request), headers);
    }

    /** The request the api would make of {@code message}. */
    @SuppressWarnings("unchecked")
    public static OutboundRequest request(Map<String, Object> m) {
        String id = Ids.newId();
        EmailAddress from = AddressParser.mailbox((String) m.get("from"));
        List<OutboundRequest.Attachment> attachments = new ArrayList<>();
        for (Map<String, String> a : (List<Map<String, String>>) m.getOrDefault("attachments", List.of())) {
            attachments.add(new OutboundRequest.Attachment(a.get("filename"), a.get("content_type"), a.get("content"),
                    a.get("content_id")));
        }
        return new OutboundRequest(OutboundRequest.VERSION, id, from, addresses(m.get("to")), addresses(m.get("cc")),
                addresses(m.get("bcc")), addresses(m.get("reply_to")), (String) m.get("subject"),
                (String) m.get("text"), (String) m.get("html"), (String) m.get("in_reply_to"),
                strings(m.get("references")), (Map<String, String>) m.get("headers"), null, null, Instant.now(),
                attachments, strings(m.get("tags")), null, id + "@" + from.domain());
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : value instanceof String s ? List.of(s) : (List<String>) value;
    }

    private static List<EmailAddress> addresses(Object value) {
        return strings(value).stream().map(AddressParser::mailbox).toList();
    }

    public static JsonPath message(String token, String id) {
        return as(token).get("/v1/messages/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the message exists (messages from Kafka appear once spooled) and has {@code status}. */
    public static JsonPath awaitStatus(String token, String id, String status) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = message(token, id);
            return status.equals(last[0].getString("status"));
        });
        return last[0];
    }
}
