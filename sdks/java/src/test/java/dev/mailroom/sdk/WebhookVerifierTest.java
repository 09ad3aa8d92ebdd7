package dev.mailroom.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Known vectors, computed independently with Python's hmac (python3, 2026-12-07):
 * <pre>
 * key = bytes(range(32)); secret = "whsec_" + base64.b64encode(key).decode()
 * base64.b64encode(hmac.new(key, b"evt_1.1796624000." + EVENT_BODY, hashlib.sha256).digest())
 * hmac.new(b"0123456789abcdef-agent", b"1796624000." + AGENT_BODY, hashlib.sha256).hexdigest()
 * </pre>
 */
class WebhookVerifierTest {

    static final String EVENT_SECRET = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final byte[] EVENT_BODY = ("{\"type\":\"message.delivered\",\"timestamp\":\"2026-12-07T06:13:05Z\","
            + "\"data\":{\"message_id\":\"m-1\",\"status\":\"delivered\"}}").getBytes(StandardCharsets.UTF_8);
    static final String EVENT_SIGNATURE = "v1,Wv6GzMQiZ1PZkLxc22FYz/gIFEU6FdNhZVfDX3eM/ew=";

    static final String AGENT_SECRET = "0123456789abcdef-agent";
    static final byte[] AGENT_BODY = ("{\"v\":1,\"event\":\"email\",\"id\":\"r-1\",\"agent\":{\"class_name\":"
            + "\"JavaEcho\",\"instance\":\"t1\"},\"email\":{\"message\":{\"subject\":\"Hi\",\"text\":\"hello\","
            + "\"from\":{\"address\":\"ann@example.org\"}}},\"thread_id\":\"t-1\",\"state\":{\"count\":1},"
            + "\"history\":[]}").getBytes(StandardCharsets.UTF_8);
    static final String AGENT_SIGNATURE = "sha256=f3dfda39864c89ab1cd1975a5cea93f9506ff6fcb3dab4d3d1a52f82040c7f29";

    static final String TS = "1796624000";
    static final Instant NOW = Instant.ofEpochSecond(1796624000L + 60);
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    static Map<String, Object> eventHeaders(String signature) {
        return Map.of("Webhook-Id", "evt_1", "WEBHOOK-TIMESTAMP", TS, "webhook-signature", signature);
    }

    static Map<String, Object> agentHeaders(String signature) {
        return Map.of("X-Mailroom-Timestamp", List.of(TS), "x-mailroom-signature", List.of(signature),
                "X-Mailroom-Delivery", List.of("r-1"));
    }

    static String reason(Runnable r) {
        return assertThrows(WebhookVerificationException.class, r::run).reason();
    }

    @Test
    void verifiesAStandardWebhookKnownVector() {
        JsonObject j = WebhookVerifier.verify(EVENT_BODY, eventHeaders(EVENT_SIGNATURE), EVENT_SECRET, FIVE_MINUTES,
                NOW);
        assertEquals("message.delivered", j.string("type"));
        assertEquals("m-1", j.object("data").string("message_id"));
    }

    @Test
    void anyOfSeveralSignaturesMayMatchARotation() {
        WebhookVerifier.verify(EVENT_BODY, eventHeaders("v1,AAAA v2,zzz " + EVENT_SIGNATURE), EVENT_SECRET,
                FIVE_MINUTES, NOW);
    }

    @Test
    void refusesATamperedOrWronglySignedEvent() {
        byte[] tampered = new String(EVENT_BODY, StandardCharsets.UTF_8).replace("delivered\"}", "bounced\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("no-matching-signature", reason(() -> WebhookVerifier.verify(tampered,
                eventHeaders(EVENT_SIGNATURE), EVENT_SECRET, FIVE_MINUTES, NOW)));
        assertEquals("no-matching-signature", reason(() -> WebhookVerifier.verify(EVENT_BODY,
                eventHeaders(EVENT_SIGNATURE), "whsec_" + "B".repeat(44), FIVE_MINUTES, NOW)));
        assertEquals("no-matching-signature", reason(() -> WebhookVerifier.verify(EVENT_BODY,
                Map.of("webhook-id", "evt_2", "webhook-timestamp", TS, "webhook-signature", EVENT_SIGNATURE),
                EVENT_SECRET, FIVE_MINUTES, NOW)));
        assertEquals("bad-secret", reason(() -> WebhookVerifier.verify(EVENT_BODY, eventHeaders(EVENT_SIGNATURE),
                "whsec_not base64!", FIVE_MINUTES, NOW)));
    }

    @Test
    void refusesOldFutureOrMissingTimestamps() {
        assertEquals("timestamp-too-old", reason(() -> WebhookVerifier.verify(EVENT_BODY,
                eventHeaders(EVENT_SIGNATURE), EVENT_SECRET, FIVE_MINUTES, NOW.plusSeconds(300))));
        assertEquals("timestamp-too-new", reason(() -> WebhookVerifier.verify(EVENT_BODY,
                eventHeaders(EVENT_SIGNATURE), EVENT_SECRET, FIVE_MINUTES, NOW.minusSeconds(400))));
        assertEquals("missing-headers", reason(() -> WebhookVerifier.verify(EVENT_BODY,
                Map.of("webhook-signature", EVENT_SIGNATURE), EVENT_SECRET, FIVE_MINUTES, NOW)));
        assertEquals("missing-headers", reason(() -> WebhookVerifier.verify(EVENT_BODY, Map.of(), EVENT_SECRET,
                FIVE_MINUTES, NOW)));
        assertEquals("bad-timestamp", reason(() -> WebhookVerifier.verify(EVENT_BODY,
                Map.of("webhook-id", "evt_1", "webhook-timestamp", "yesterday", "webhook-signature", EVENT_SIGNATURE),
                EVENT_SECRET, FIVE_MINUTES, NOW)));
        // a wider tolerance accepts the old one
        WebhookVerifier.verify(EVENT_BODY, eventHeaders(EVENT_SIGNATURE), EVENT_SECRET, Duration.ofMinutes(10),
                NOW.plusSeconds(300));
    }

    @Test
    void verifiesAnAgentWebhookKnownVector() {
        JsonObject j = WebhookVerifier.verify(AGENT_BODY, agentHeaders(AGENT_SIGNATURE), AGENT_SECRET, FIVE_MINUTES,
                NOW);
        assertEquals("JavaEcho", j.object("agent").string("class_name"));
    }

    @Test
    void refusesATamperedAgentWebhook() {
        byte[] tampered = new String(AGENT_BODY, StandardCharsets.UTF_8).replace("hello", "hellO")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("no-matching-signature", reason(() -> WebhookVerifier.verify(tampered,
                agentHeaders(AGENT_SIGNATURE), AGENT_SECRET, FIVE_MINUTES, NOW)));
        assertEquals("no-matching-signature", reason(() -> WebhookVerifier.verify(AGENT_BODY,
                agentHeaders(AGENT_SIGNATURE), "another-secret-of-16", FIVE_MINUTES, NOW)));
        assertEquals("no-matching-signature", reason(() -> WebhookVerifier.verify(AGENT_BODY,
                agentHeaders(AGENT_SIGNATURE.replace("sha256=", "")), AGENT_SECRET, FIVE_MINUTES, NOW)));
        assertEquals("timestamp-too-old", reason(() -> WebhookVerifier.verify(AGENT_BODY,
                agentHeaders(AGENT_SIGNATURE), AGENT_SECRET, FIVE_MINUTES, NOW.plusSeconds(3600))));
    }

    @Test
    void aSignedBodyThatIsNotJsonIsMalformed() {
        byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(NOW.getEpochSecond());
        String sig = "sha256=" + java.util.HexFormat.of().formatHex(WebhookVerifier.hmac(
                AGENT_SECRET.getBytes(StandardCharsets.UTF_8), (ts + ".").getBytes(StandardCharsets.UTF_8), body));
        assertEquals("malformed-body", reason(() -> WebhookVerifier.verify(body,
                Map.of("X-Mailroom-Timestamp", ts, "X-Mailroom-Signature", sig), AGENT_SECRET, FIVE_MINUTES, NOW)));
    }

    @Test
    void thePublicEntryPointUsesTheClock() {
        assertEquals("timestamp-too-old", reason(() -> Webhooks.verify(EVENT_BODY, eventHeaders(EVENT_SIGNATURE),
                EVENT_SECRET)));
    }
}
