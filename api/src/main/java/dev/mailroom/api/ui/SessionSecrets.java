package dev.mailroom.api.ui;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.mailroom.mail.crypto.MasterKey;

/**
 * What a UI session's id gives (ADR 0039), pure functions without state: the id itself (256 random bits, base64url,
 * the cookie's value), its SHA-256 (the only form stored), the CSRF token (HMAC-SHA256 of a fixed label under the id:
 * nothing stored, nothing a third party can compute) and the sealing of the API key the session acts as: AES-256-GCM
 * under a key derived from the id by HMAC, bound to the stored hash, and sealed again under the master key when one
 * is configured. Who holds only the database opens nothing; who holds a cookie already acts as its key.
 */
public final class SessionSecrets {

    /** A value that does not open: another session, another master key, or altered bytes. */
    public static final class Unsealable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsealable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final String SEALED_PREFIX = "s1:";
    private static final int ID_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private SessionSecrets() {
    }

    /** A new session id: 32 random bytes, base64url without padding (43 characters). */
    public static String newId() {
        byte[] id = new byte[ID_BYTES];
        RANDOM.nextBytes(id);
        return URL.encodeToString(id);
    }

    /** Whether {@code id} has the form of {@link #newId()} (a cookie of another form is not looked up). */
    public static boolean wellFormed(String id) {
        if (id == null || id.length() != 43) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of the id, lower-case hex: the row's key. */
    public static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    /** The session's CSRF token: HMAC-SHA256(id, label), base64url. */
    public static String csrfToken(String id) {
        return URL.encodeToString(hmac(id, "mailroom-ui-csrf-v1"));
    }

    /** Whether {@code presented} is the CSRF token of {@code id}, compared in constant time. */
    public static boolean csrfMatches(String id, String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(csrfToken(id).getBytes(StandardCharsets.US_ASCII),
                presented.trim().getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code apiKey} sealed for the session {@code id}; under {@code master} too when present. */
    public static String seal(String id, String apiKey, Optional<MasterKey> master) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] key = hmac(id, "mailroom-ui-key-v1");
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context(id).getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(apiKey.getBytes(StandardCharsets.UTF_8));
            byte[] inner = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return master.isPresent() ? master.get().seal(inner, context(id))
                    : SEALED_PREFIX + Base64.getEncoder().encodeToString(inner);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The API key {@link #seal} sealed for {@code id}. */
    public static String open(String id, String sealed, Optional<MasterKey> master) throws Unsealable {
        byte[] inner;
        if (sealed != null && sealed.startsWith(SEALED_PREFIX)) {
            try {
                inner = Base64.getDecoder().decode(sealed.substring(SEALED_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new Unsealable("sealed key is not base64", e);
            }
        } else if (master.isPresent()) {
            try {
                inner = master.get().open(sealed, context(id));
            } catch (MasterKey.SealException e) {
                throw new Unsealable("sealed key does not open with the master key", e);
            }
        } else {
            throw new Unsealable("sealed under a master key, and none is configured", null);
        }
        if (inner.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Unsealable("sealed key too short", null);
        }
        byte[] key = hmac(id, "mailroom-ui-key-v1");
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, inner, 0, NONCE_BYTES));
            cipher.updateAAD(context(id).getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(inner, NONCE_BYTES, inner.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new Unsealable("sealed key does not open for this session", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static String context(String id) {
        return "mailroom-ui-session:" + hash(id);
    }

    private static byte[] hmac(String id, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(id.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always present", e);
        }
    }
}
