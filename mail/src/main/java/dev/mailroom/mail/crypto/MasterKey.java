package dev.mailroom.mail.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (the DKIM private keys) with AES-256-GCM under the configured master key. Each sealed
 * value is {@code v1:<base64(96-bit random nonce || ciphertext || 128-bit tag)>}; the {@code context} (for a DKIM key:
 * domain and selector) is authenticated as associated data, so a sealed value copied to another row does not open.
 */
public final class MasterKey {

    /** Raised when a sealed value does not open: another master key, another context, or altered bytes. */
    public static final class SealException extends Exception {
        private static final long serialVersionUID = 1L;

        public SealException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private MasterKey(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The key of a configuration value: 32 bytes in base64.
     *
     * @throws IllegalArgumentException when it is not base64 or not 32 bytes (the message never contains the value)
     */
    public static MasterKey parse(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mailroom.deliverability.master-key is not base64"
                    + " (generate one with: head -c 32 /dev/urandom | base64)");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("mailroom.deliverability.master-key must be 32 bytes in base64, got "
                    + raw.length + " bytes (generate one with: head -c 32 /dev/urandom | base64)");
        }
        try {
            return new MasterKey(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Encrypts {@code plaintext}, bound to {@code context}. */
    public String seal(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Decrypts a value of {@link #seal} made with the same key and {@code context}. */
    public byte[] open(String sealed, String context) throws SealException {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new SealException("not a sealed value of this version", null);
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SealException("sealed value is not base64", e);
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealException("sealed value too short", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SealException("does not open with this master key (another key, or altered data)", e);
        } catch (GeneralSecurityException e) {
            throw new SealException("cannot decrypt: " + e.getMessage(), e);
        }
    }

    /** Hides the key. */
    @Override
    public String toString() {
        return "MasterKey[AES-256]";
    }
}
