package dev.mailroom.mailbox.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): secrets {@code whsec_<base64 of the key>}; the
 * signed content is {@code <webhook-id>.<webhook-timestamp>.<body>}; {@code webhook-signature} carries
 * {@code v1,<base64 HMAC-SHA256>} once per active secret, space-separated (a rotation's overlap). Pure logic.
 */
public final class Signatures {

    /** The secret prefix of the specification. */
    public static final String PREFIX = "whsec_";

    /** Random bytes in a new secret (the specification asks for 24 to 64). */
    public static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {
    }

    /** A new secret, {@code whsec_} and the base64 of {@value #SECRET_BYTES} random bytes. */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** {@code v1,<sig>} for one secret. */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The {@code webhook-signature} value: one {@code v1,<sig>} per secret (nulls skipped), space-separated. */
    public static String header(List<String> secrets, String id, long timestamp, byte[] body) {
        StringJoiner out = new StringJoiner(" ");
        for (String s : secrets) {
            if (s != null) {
                out.add(sign(s, id, timestamp, body));
            }
        }
        return out.toString();
    }

    private static byte[] key(String secret) {
        String b64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        return Base64.getDecoder().decode(b64);
    }
}
