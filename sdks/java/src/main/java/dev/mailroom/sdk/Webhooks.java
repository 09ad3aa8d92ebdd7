package dev.mailroom.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event webhooks: manage them ({@code mr.webhooks()}), and verify what they deliver with the static
 * {@link #verify(byte[], Map, String)} (no client needed).
 */
public final class Webhooks extends Resource {

    Webhooks(Transport t) {
        super(t);
    }

    /** A new webhook; its {@link Webhook#secret()} is shown only here. */
    public Webhook create(WebhookParams params) {
        return Webhook.from(json(call("POST", "/v1/webhooks").body(params.toJson())));
    }

    public List<Webhook> list() {
        return json(call("GET", "/v1/webhooks")).objects("items").stream().map(Webhook::from).toList();
    }

    public Webhook get(String id) {
        return Webhook.from(json(call("GET", "/v1/webhooks/{id}", id)));
    }

    public Webhook update(String id, WebhookParams patch) {
        return Webhook.from(json(call("PATCH", "/v1/webhooks/{id}", id).body(patch.toJson())));
    }

    public void delete(String id) {
        none(call("DELETE", "/v1/webhooks/{id}", id));
    }

    /** Its deliveries, newest event first; {@code next_before} continues ({@code before}, {@code limit} optional). */
    public JsonObject deliveries(String id, Long before, Integer limit) {
        return json(call("GET", "/v1/webhooks/{id}/deliveries", id).query("before", before).query("limit", limit));
    }

    public JsonObject deliveries(String id) {
        return deliveries(id, null, null);
    }

    public JsonObject replayDelivery(String id, String deliveryId) {
        return json(call("POST", "/v1/webhooks/{id}/deliveries/{delivery_id}/replay", id, deliveryId));
    }

    /** Delivers again every event of [since, until) the webhook wants ({@code until} null: now). */
    public JsonObject replay(String id, Instant since, Instant until) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("since", since);
        if (until != null) {
            body.put("until", until);
        }
        return json(call("POST", "/v1/webhooks/{id}/replay", id).body(body));
    }

    /** A new secret (shown once); the previous one keeps signing for a while. */
    public JsonObject rotateSecret(String id) {
        return json(call("POST", "/v1/webhooks/{id}/rotate-secret", id));
    }

    /** {@link WebhookVerifier#verify(byte[], Map, String)} with the default 5-minute tolerance. */
    public static JsonObject verify(byte[] body, Map<String, ?> headers, String secret) {
        return WebhookVerifier.verify(body, headers, secret, WebhookVerifier.DEFAULT_TOLERANCE);
    }

    public static JsonObject verify(String body, Map<String, ?> headers, String secret) {
        return verify(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers, secret);
    }

    public static JsonObject verify(byte[] body, Map<String, ?> headers, String secret, Duration tolerance) {
        return WebhookVerifier.verify(body, headers, secret, tolerance);
    }
}
