package dev.mailroom.mailbox.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.platform.events.Events;
import dev.mailroom.stack.KafkaTestClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records produced as the router, the api/agent-host and egress-sender produce them (contract types, {@link Json}),
 * and small database reads for assertions.
 */
public final class Fixtures {

    public static final Events EGRESS = new Events("egress-sender");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /** A fresh domain, so that tests never see each other's mailboxes. */
    public static String newDomain() {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        return "d" + HexFormat.of().formatHex(b) + ".test";
    }

    public static String newId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Some bytes looking like a small PDF, different each call. */
    public static byte[] pdf() {
        return ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + newId() + "\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Some bytes starting with the PNG signature, different each call. */
    public static byte[] png() {
        byte[] b = new byte[300];
        RANDOM.nextBytes(b);
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        return b;
    }

    public static ParsedMessage.Attachment attachment(String filename, String type, byte[] bytes) {
        return new ParsedMessage.Attachment(filename, type, bytes.length, Sha.hex(bytes), null,
                Base64.getEncoder().encodeToString(bytes));
    }

    /** A parsed message from {@code from} to {@code to}. */
    public static ParsedMessage parsed(String messageId, List<String> inReplyTo, List<String> references, String from,
            String to, String subject, String text, List<ParsedMessage.Attachment> attachments, String threadId) {
        return new ParsedMessage(messageId, inReplyTo, references, new EmailAddress("Sender", from), List.of(),
                List.of(EmailAddress.of(to)), List.of(), subject, Instant.now(), text, null, attachments, threadId,
                text, null, Map.of());
    }

    /** Produces the raw record of {@code inboundId} as ingress-smtp does. */
    public static void raw(String inboundId, String rcpt, byte[] eml) {
        raw(inboundId, inboundId, rcpt, eml);
    }

    /** The raw record with Kafka key {@code key} (a test's way to keep two records in one partition). */
    public static void raw(String key, String inboundId, String rcpt, byte[] eml) {
        RecordHeaders headers = new RecordHeaders();
        new Envelope(inboundId, "sender@example.org", List.of(rcpt), "192.0.2.1", "example.org", true, Instant.now())
                .writeTo(headers);
        KafkaTestClient.produce(Topics.INBOUND_RECEIVED, key, eml, headers);
    }

    /** Produces a routed record for {@code rcpt}, owned by agent {@code agent}, as the router does. */
    public static RoutedEmail routed(String inboundId, String rcpt, AgentRef agent, Route route, ParsedMessage m) {
        RoutedEmail r = new RoutedEmail(RoutedEmail.VERSION, RoutedEmail.idFor(inboundId, 0), inboundId, rcpt, agent,
                route, "sender@example.org", "192.0.2.1", Instant.now(), m, null);
        produce(r);
        return r;
    }

    public static void produce(RoutedEmail r) {
        KafkaTestClient.produce(Topics.INBOUND_ROUTED, r.agent().key(), Json.encode(r), null);
    }

    public static void produce(OutboundRequest r) {
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, r.id(), Json.encode(r), null);
    }

    /** An egress-sender event about send {@code sendId}. */
    public static MailroomEvent event(String type, String sendId, String recipient, int attempt, String reply) {
        Map<String, String> detail = new java.util.LinkedHashMap<>();
        detail.put("recipient", recipient);
        detail.put("attempt", String.valueOf(attempt));
        detail.put("reply", reply);
        detail.put("host", "mx.example.net");
        MailroomEvent e = EGRESS.event(type, sendId, recipient + ":" + attempt, detail);
        produce(e);
        return e;
    }

    public static void produce(MailroomEvent e) {
        KafkaTestClient.produce(Topics.EVENTS, e.messageId(), Json.encode(e), null);
    }

    /** A read key for {@code domains}, once the service knows it. */
    public static String readKey(String... domains) {
        String token = TestKeys.publish(EnumSet.of(Permission.READ), List.of(domains), null);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().header("Authorization", "Bearer " + token)
                .get("/v1/mailboxes").then().statusCode(200));
        return token;
    }

    /** One row of {@code sql} (or null), read blocking: tests only. */
    public static Row row(Pool pool, String sql, Object... args) {
        var rows = pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10));
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }

    public static long count(Pool pool, String sql, Object... args) {
        return row(pool, sql, args).getLong(0);
    }

    /** Waits until {@code condition} holds. */
    public static void until(Supplier<Boolean> condition) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(condition::get);
    }

    public static List<String> list(String... values) {
        return new ArrayList<>(List.of(values));
    }

    /** SHA-256, hex. */
    public static final class Sha {
        public static String hex(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
