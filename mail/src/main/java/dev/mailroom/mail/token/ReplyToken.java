package dev.mailroom.mail.token;

import dev.mailroom.contract.AgentRef;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed reply tokens: the local part of the Message-ID of every message an agent sends, naming the agent instance
 * so that a reply's In-Reply-To/References routes back to it even when the plus-tag of the address is gone.
 *
 * <pre>
 *   mr1.{kid}.{b|u}.{base32(class)}.{base32(instance)}.{issued, base 36 epoch seconds}.{mac}@{domain}
 * </pre>
 *
 * {@code mac} is HMAC-SHA256 with key {@code kid}, truncated to 128 bits (base32), over the version, key id, binding
 * flag, class, instance, issue time, the domain and, for bound tokens ({@code b}), the correspondent — the address
 * the agent wrote to. A bound token lifted from someone else's mail does not open the instance to a different
 * sender. All characters are legal in a Message-ID local part (RFC 5322 dot-atom). Verification compares MACs in
 * constant time and refuses unknown keys, other domains, expired and future tokens. Pure: no I/O, no clock of its
 * own. See docs/adr/0005-reply-tokens.md.
 */
public final class ReplyToken {

    public static final String VERSION = "mr1";
    private static final int MAC_BYTES = 16;
    private static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    private static final Pattern KID = Pattern.compile("[a-z0-9]{1,16}");
    private static final char[] B32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private ReplyToken() {
    }

    /**
     * Keys by id; one of them signs. Several keys verify, so a key can be rotated in (add, then make it the signer)
     * and out (remove once tokens it signed may have expired).
     */
    public record Keys(Map<String, byte[]> byId, String signingKeyId) {

        public Keys {
            byId = Map.copyOf(byId);
            for (String kid : byId.keySet()) {
                if (!KID.matcher(kid).matches()) {
                    throw new IllegalArgumentException("reply token key id must be 1-16 of [a-z0-9]: " + kid);
                }
                if (byId.get(kid).length < 16) {
                    throw new IllegalArgumentException("reply token key " + kid + " is shorter than 128 bits");
                }
            }
            if (signingKeyId != null && !byId.containsKey(signingKeyId)) {
                throw new IllegalArgumentException("signing key " + signingKeyId + " is not among the keys");
            }
        }

        public boolean canSign() {
            return signingKeyId != null;
        }

        @Override
        public String toString() {
            return "Keys" + byId.keySet() + " signing=" + signingKeyId; // never the secrets
        }
    }

    /** The outcome of {@link #verify}. */
    public sealed interface Verification {
        /** The token is genuine, current, for this domain and (if bound) this sender. */
        record Valid(AgentRef agent, Instant issued, String keyId, boolean bound) implements Verification {
        }

        /**
         * Not honoured. {@code reason}: {@code malformed}, {@code unknown-key}, {@code bad-signature},
         * {@code expired}, {@code not-yet-valid}, {@code wrong-domain}, {@code unbound}.
         */
        record Invalid(String reason) implements Verification {
        }
    }

    /** True when {@code messageId} (without angle brackets) has the shape of a token; says nothing of validity. */
    public static boolean looksLikeToken(String messageId) {
        return messageId != null && messageId.startsWith(VERSION + ".");
    }

    /**
     * A Message-ID (without angle brackets) carrying a token for {@code agent}.
     *
     * @param correspondent the address written to; null signs an unbound token
     */
    public static String sign(Keys keys, AgentRef agent, String domain, String correspondent, Instant issued) {
        if (!keys.canSign()) {
            throw new IllegalStateException("no signing key configured");
        }
        String kid = keys.signingKeyId();
        String flag = correspondent == null ? "u" : "b";
        String cls = base32(agent.className().getBytes(StandardCharsets.UTF_8));
        String inst = base32(agent.instance().getBytes(StandardCharsets.UTF_8));
        String ts = Long.toString(issued.getEpochSecond(), 36);
        byte[] mac = mac(keys.byId().get(kid), kid, flag, cls, inst, ts, norm(domain), norm(correspondent));
        return String.join(".", VERSION, kid, flag, cls, inst, ts, base32(mac)) + "@" + norm(domain);
    }

    /**
     * Verifies a Message-ID (without angle brackets).
     *
     * @param expectedDomain the domain the reply was sent to: a token signed for another domain is refused
     * @param sender         the address the reply comes from (checked against a bound token's correspondent)
     * @param acceptUnbound  whether tokens signed without a correspondent are honoured
     */
    public static Verification verify(Keys keys, String messageId, String expectedDomain, String sender,
            Instant now, Duration maxAge, boolean acceptUnbound) {
        if (!looksLikeToken(messageId)) {
            return new Verification.Invalid("malformed");
        }
        int at = messageId.lastIndexOf('@');
        if (at < 0) {
            return new Verification.Invalid("malformed");
        }
        String domain = messageId.substring(at + 1).toLowerCase(Locale.ROOT);
        String[] f = messageId.substring(0, at).split("\\.", -1);
        if (f.length != 7 || !(f[2].equals("b") || f[2].equals("u"))) {
            return new Verification.Invalid("malformed");
        }
        String kid = f[1];
        byte[] key = keys.byId().get(kid);
        if (key == null) {
            return new Verification.Invalid("unknown-key");
        }
        byte[] presented = unbase32(f[6]);
        byte[] cls = unbase32(f[3]);
        byte[] inst = unbase32(f[4]);
        long issuedSeconds;
        try {
            issuedSeconds = Long.parseLong(f[5], 36);
        } catch (NumberFormatException e) {
            return new Verification.Invalid("malformed");
        }
        if (presented == null || cls == null || inst == null || presented.length != MAC_BYTES) {
            return new Verification.Invalid("malformed");
        }
        boolean bound = f[2].equals("b");
        byte[] expected = mac(key, kid, f[2], f[3], f[4], f[5], domain, bound ? norm(sender) : "");
        if (!MessageDigest.isEqual(expected, presented)) {
            return new Verification.Invalid("bad-signature");
        }
        // Only a genuine token gets a specific reason beyond this point.
        if (!domain.equals(norm(expectedDomain))) {
            return new Verification.Invalid("wrong-domain");
        }
        if (!bound && !acceptUnbound) {
            return new Verification.Invalid("unbound");
        }
        Instant issued = Instant.ofEpochSecond(issuedSeconds);
        if (issued.isAfter(now.plus(FUTURE_SKEW))) {
            return new Verification.Invalid("not-yet-valid");
        }
        if (issued.plus(maxAge).isBefore(now)) {
            return new Verification.Invalid("expired");
        }
        return new Verification.Valid(new AgentRef(new String(cls, StandardCharsets.UTF_8),
                new String(inst, StandardCharsets.UTF_8)), issued, kid, bound);
    }

    private static String norm(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }

    private static byte[] mac(byte[] key, String... fields) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(VERSION.getBytes(StandardCharsets.UTF_8));
            for (String field : fields) {
                mac.update((byte) 0);
                mac.update(field.getBytes(StandardCharsets.UTF_8));
            }
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** RFC 4648 base32, lower case, no padding. */
    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(B32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(B32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Inverse of {@link #base32}; null when {@code s} is not canonical base32. */
    static byte[] unbase32(String s) {
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int v = c >= 'a' && c <= 'z' ? c - 'a' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            return null; // leftover bits must be zero, or two strings would decode alike
        }
        return out;
    }

    /** Parses {@code kid=base64secret} pairs from configuration into keys. */
    public static Keys keys(Map<String, String> base64ById, String signingKeyId) {
        java.util.HashMap<String, byte[]> byId = new java.util.HashMap<>();
        base64ById.forEach((kid, b64) -> byId.put(kid, java.util.Base64.getDecoder().decode(b64.trim())));
        return new Keys(byId, signingKeyId == null || signingKeyId.isBlank() ? null : signingKeyId);
    }

}
