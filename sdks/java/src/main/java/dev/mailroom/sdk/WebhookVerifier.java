package dev.mailroom.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies both kinds of webhook Mailroom sends, over the exact body bytes, with constant-time comparisons and a
 * timestamp tolerance (default 5 minutes either way):
 * <ul>
 * <li>event webhooks (Standard Webhooks): {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}
 * ({@code v1,<base64>} entries, space-separated, any may match); secret {@code whsec_<base64 key>}; signed content
 * {@code id.timestamp.body}, HMAC-SHA256;</li>
 * <li>agent webhooks: {@code X-Mailroom-Timestamp}, {@code X-Mailroom-Signature: sha256=<hex>} of
 * {@code timestamp.body} under the class's secret (its UTF-8 bytes).</li>
 * </ul>
 * Header names are matched case-insensitively; a header value may be a {@code String}, a {@code List} (its first
 * element: {@code com.sun.net.httpserver.Headers}, servlet-style maps) or a {@code String[]}. Pure logic.
 */
public final class WebhookVerifier {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookVerifier() {
    }

    /** Verifies and decodes; throws {@link WebhookVerificationException} with a reason. */
    public static JsonObject verify(byte[] body, Map<String, ?> headers, String secret, Duration tolerance) {
        return verify(body, headers, secret, tolerance, Instant.now());
    }

    static JsonObject verify(byte[] body, Map<String, ?> headers, String secret, Duration tolerance, Instant now) {
        if (secret == null || secret.isEmpty()) {
            throw new WebhookVerificationException("bad-secret", "no secret given");
        }
        String standard = header(headers, "webhook-signature");
        String agent = header(headers, "x-mailroom-signature");
        if (standard != null) {
            verifyStandard(body, headers, secret, tolerance, now, standard);
        } else if (agent != null) {
            verifyAgent(body, headers, secret, tolerance, now, agent);
        } else {
            throw new WebhookVerificationException("missing-headers",
                    "neither webhook-signature nor X-Mailroom-Signature is present");
        }
        try {
            return Json.parseObject(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException("malformed-body", "the body is not a JSON object");
        }
    }

    private static void verifyStandard(byte[] body, Map<String, ?> headers, String secret, Duration tolerance,
            Instant now, String signatures) {
        String id = header(headers, "webhook-id");
        String timestamp = header(headers, "webhook-timestamp");
        if (id == null || timestamp == null) {
            throw new WebhookVerificationException("missing-headers", "webhook-id and webhook-timestamp are required");
        }
        checkTimestamp(timestamp, tolerance, now);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException("bad-secret", "the secret is not whsec_<base64>");
        }
        byte[] expected = hmac(key, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        for (String entry : signatures.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw new WebhookVerificationException("no-matching-signature", "no v1 signature matches the body");
    }

    private static void verifyAgent(byte[] body, Map<String, ?> headers, String secret, Duration tolerance,
            Instant now, String signature) {
        String timestamp = header(headers, "x-mailroom-timestamp");
        if (timestamp == null) {
            throw new WebhookVerificationException("missing-headers", "X-Mailroom-Timestamp is required");
        }
        checkTimestamp(timestamp, tolerance, now);
        byte[] expected = hmac(secret.getBytes(StandardCharsets.UTF_8),
                (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        String sig = signature.trim();
        byte[] given;
        try {
            given = sig.startsWith("sha256=") ? HexFormat.of().parseHex(sig.substring(7).toLowerCase()) : null;
        } catch (IllegalArgumentException e) {
            given = null;
        }
        if (given == null || !MessageDigest.isEqual(expected, given)) {
            throw new WebhookVerificationException("no-matching-signature", "the sha256 signature does not match");
        }
    }

    private static void checkTimestamp(String value, Duration tolerance, Instant now) {
        long ts;
        try {
            ts = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("bad-timestamp", "the timestamp is not epoch seconds");
        }
        long diff = now.getEpochSecond() - ts;
        if (diff > tolerance.toSeconds()) {
            throw new WebhookVerificationException("timestamp-too-old", "signed " + diff + " s ago");
        }
        if (-diff > tolerance.toSeconds()) {
            throw new WebhookVerificationException("timestamp-too-new", "signed " + -diff + " s in the future");
        }
    }

    static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new WebhookVerificationException("bad-secret", "cannot use the secret as an HMAC key");
        }
    }

    /** A header's first value, the name matched case-insensitively; {@code null} when absent. */
    static String header(Map<String, ?> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, ?> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                Object v = e.getValue();
                if (v instanceof List<?> l) {
                    v = l.isEmpty() ? null : l.get(0);
                } else if (v instanceof String[] a) {
                    v = a.length == 0 ? null : a[0];
                }
                if (v != null) {
                    return v.toString();
                }
            }
        }
        return null;
    }
}
