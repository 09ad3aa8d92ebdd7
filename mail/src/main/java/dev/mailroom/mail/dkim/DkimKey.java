package dev.mailroom.mail.dkim;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One DKIM signing key of a domain: the signing domain ({@code d=}), the selector ({@code s=}), the algorithm and the
 * key pair. The public half gives the DNS TXT record to publish at {@link #dnsName()}.
 *
 * <p>RSA keys must be at least 1024 bits (RFC 8301 §3.2); the constructor rejects smaller ones, key pairs that do not
 * fit the algorithm or do not match, and domains or selectors that would break the signature's tag list.
 *
 * @param domain the signing domain ({@code d=}), e.g. {@code example.com}
 * @param selector the selector ({@code s=}), e.g. {@code mailroom2025}
 * @param algorithm the signing algorithm
 * @param privateKey the private key (RSA, or Ed25519)
 * @param publicKey the matching public key
 */
public record DkimKey(String domain, String selector, Algorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {

    /** Smallest RSA modulus accepted, in bits (RFC 8301 §3.2: verifiers must not accept smaller). */
    public static final int MIN_RSA_BITS = 1024;

    /** DER prefix of an Ed25519 X.509 SubjectPublicKeyInfo; the raw 32-byte key follows it (RFC 8410 §4). */
    private static final byte[] ED25519_SPKI_PREFIX = {
            0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    /** A DKIM signing algorithm: its {@code a=} tag value and its {@code k=} key type in DNS. */
    public enum Algorithm {
        /** RSASSA-PKCS1-v1_5 with SHA-256 (RFC 6376 §3.3.1). */
        RSA_SHA256("rsa-sha256", "rsa"),
        /** Ed25519 over the SHA-256 hash of the signed data (RFC 8463). */
        ED25519_SHA256("ed25519-sha256", "ed25519");

        private final String tag;
        private final String keyType;

        Algorithm(String tag, String keyType) {
            this.tag = tag;
            this.keyType = keyType;
        }

        /** The {@code a=} value of the DKIM-Signature, e.g. {@code rsa-sha256}. */
        public String tag() {
            return tag;
        }

        /** The {@code k=} value of the DNS key record, e.g. {@code rsa}. */
        public String keyType() {
            return keyType;
        }
    }

    /**
     * Validates the key.
     *
     * @throws IllegalArgumentException when the domain or selector is blank or holds characters not allowed in a
     *         DKIM tag value, when a key does not fit the algorithm, or when an RSA key has fewer than
     *         {@value #MIN_RSA_BITS} bits
     */
    public DkimKey {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        checkName("domain", domain);
        checkName("selector", selector);
        switch (algorithm) {
            case RSA_SHA256 -> {
                if (!(privateKey instanceof RSAKey priv) || !(publicKey instanceof RSAKey pub)) {
                    throw new IllegalArgumentException("rsa-sha256 needs an RSA key pair, got "
                            + privateKey.getAlgorithm() + "/" + publicKey.getAlgorithm());
                }
                int bits = priv.getModulus().bitLength();
                if (bits < MIN_RSA_BITS) {
                    throw new IllegalArgumentException(
                            "RSA key of " + bits + " bits is too small for DKIM (minimum " + MIN_RSA_BITS + ")");
                }
                if (!priv.getModulus().equals(pub.getModulus())) {
                    throw new IllegalArgumentException("the RSA public key does not match the private key");
                }
            }
            case ED25519_SHA256 -> {
                if (!isEd25519(privateKey) || !isEd25519(publicKey)) {
                    throw new IllegalArgumentException("ed25519-sha256 needs an Ed25519 key pair, got "
                            + privateKey.getAlgorithm() + "/" + publicKey.getAlgorithm());
                }
                byte[] seed = ((EdECPrivateKey) privateKey).getBytes().orElse(null);
                if (seed != null && !Arrays.equals(Ed25519.publicKey(seed), rawEd25519(publicKey))) {
                    throw new IllegalArgumentException("the Ed25519 public key does not match the private key");
                }
            }
        }
    }

    /**
     * The DNS TXT record value to publish at {@link #dnsName()}: {@code v=DKIM1; k=rsa; p=<base64 SubjectPublicKeyInfo>}
     * for RSA, {@code v=DKIM1; k=ed25519; p=<base64 of the raw 32-byte public key>} for Ed25519 (RFC 8463 §4).
     * Publishers must split it into 255-byte character strings (an RSA 2048 record is longer than one).
     */
    public String dnsRecord() {
        return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + Base64.getEncoder().encodeToString(publicKeyBytes());
    }

    /** The DNS name of the key record: {@code <selector>._domainkey.<domain>}. */
    public String dnsName() {
        return selector + "._domainkey." + domain;
    }

    /** Hides the private key. */
    @Override
    public String toString() {
        return "DkimKey[" + algorithm.tag() + " " + dnsName() + "]";
    }

    private byte[] publicKeyBytes() {
        return algorithm == Algorithm.RSA_SHA256 ? publicKey.getEncoded() : rawEd25519(publicKey);
    }

    /** The raw 32-byte Ed25519 public key (RFC 8032), for an {@code ed25519-sha256} key only. */
    byte[] ed25519PublicKey() {
        return rawEd25519(publicKey);
    }

    private static byte[] rawEd25519(PublicKey publicKey) {
        byte[] spki = publicKey.getEncoded();
        if (spki == null || spki.length != ED25519_SPKI_PREFIX.length + 32
                || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0,
                        ED25519_SPKI_PREFIX.length)) {
            throw new IllegalStateException("unexpected Ed25519 public key encoding");
        }
        return Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length);
    }

    static boolean isEd25519(java.security.Key key) {
        if (key instanceof EdECKey ed) {
            NamedParameterSpec params = ed.getParams();
            return params != null && "Ed25519".equalsIgnoreCase(params.getName());
        }
        return false;
    }

    private static void checkName(String what, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ';' || c == '=' || c == ':') {
                throw new IllegalArgumentException(what + " '" + value + "' holds a character not allowed in DKIM: "
                        + "use ASCII (A-labels for internationalised domains)");
            }
        }
    }
}
