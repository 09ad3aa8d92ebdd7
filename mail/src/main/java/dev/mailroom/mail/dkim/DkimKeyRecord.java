package dev.mailroom.mail.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.mailroom.mail.dkim.TagList;

/**
 * A DKIM key record as published in DNS at {@code <selector>._domainkey.<domain>} (RFC 6376 section 3.6.1, RFC 8463): key type, the public key, acceptable hashes, service types
 * and flags. RSA keys may be SubjectPublicKeyInfo or bare PKCS#1 RSAPublicKey; Ed25519 keys are the raw 32 bytes.
 */
record DkimKeyRecord(String type, PublicKey key, List<String> hashes, boolean strictIdentity, boolean testing) {

    /** RFC 8301: RSA keys shorter than this are not accepted. */
    static final int MIN_RSA_BITS = 1024;

    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
        0x21, 0x00};

    static DkimKeyRecord parse(String record) throws DkimPermError {
        TagList tags;
        try {
            tags = TagList.parse(record);
        } catch (IllegalArgumentException e) {
            throw new DkimPermError("key record syntax: " + e.getMessage());
        }
        String v = tags.get("v").orElse(null);
        if (v != null && (!v.equals("DKIM1") || !"v".equals(tags.firstName()))) {
            throw new DkimPermError("bad key record version v=" + v);
        }
        String k = tags.get("k").orElse("rsa").toLowerCase(Locale.ROOT);
        if (!k.equals("rsa") && !k.equals("ed25519")) {
            throw new DkimPermError("unknown key type k=" + k);
        }
        String p = tags.get("p").orElse(null);
        if (p == null) {
            throw new DkimPermError("key record without p=");
        }
        if (p.isBlank()) {
            throw new DkimPermError("key revoked (empty p=)");
        }
        List<String> hashes = tags.get("h").map(h -> Arrays.stream(h.split(":")).map(String::strip)
                .map(s -> s.toLowerCase(Locale.ROOT)).toList()).orElse(List.of());
        String s = tags.get("s").orElse("*");
        boolean email = Arrays.stream(s.split(":")).map(String::strip).anyMatch(x -> x.equals("*")
                || x.equalsIgnoreCase("email"));
        if (!email) {
            throw new DkimPermError("key not for email (s=" + s + ")");
        }
        List<String> flags = tags.get("t").map(t -> Arrays.stream(t.split(":")).map(String::strip).toList())
                .orElse(List.of());
        byte[] der = DkimSignature.base64(p, "p");
        PublicKey key = k.equals("rsa") ? rsa(der) : ed25519(der);
        return new DkimKeyRecord(k, key, hashes, flags.contains("s"), flags.contains("y"));
    }

    private static PublicKey rsa(byte[] der) throws DkimPermError {
        KeyFactory factory;
        try {
            factory = KeyFactory.getInstance("RSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        RSAPublicKey key;
        try {
            key = (RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException spkiFailed) {
            try {
                key = (RSAPublicKey) factory.generatePublic(pkcs1(der));
            } catch (GeneralSecurityException | Der.MalformedException | RuntimeException e) {
                throw new DkimPermError("unreadable RSA key in p=");
            }
        }
        if (key.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new DkimPermError("RSA key of " + key.getModulus().bitLength() + " bits is too short");
        }
        return key;
    }

    /** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, strictly (no trailing data). */
    private static RSAPublicKeySpec pkcs1(byte[] der) throws Der.MalformedException {
        Der outer = new Der(der);
        Der seq = outer.sequence();
        RSAPublicKeySpec spec = new RSAPublicKeySpec(seq.unsignedInteger(), seq.unsignedInteger());
        if (!seq.atEnd() || !outer.atEnd()) {
            throw new Der.MalformedException("trailing data in RSAPublicKey");
        }
        return spec;
    }

    private static PublicKey ed25519(byte[] raw) throws DkimPermError {
        if (raw.length != 32) {
            throw new DkimPermError("Ed25519 key must be 32 bytes, is " + raw.length);
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new DkimPermError("unreadable Ed25519 key in p=");
        }
    }
}
