package dev.mailroom.mail.dkim;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Makes {@link DkimKey}s: generates fresh key pairs, loads private keys from PEM (deriving the public key) and writes
 * them back as PKCS#8 PEM.
 */
public final class DkimKeys {

    /** RSA modulus size of generated keys (RFC 8301 recommends at least 2048 bits). */
    public static final int RSA_BITS = 2048;

    private static final String OID_RSA = "2a864886f70d010101"; // 1.2.840.113549.1.1.1 rsaEncryption
    private static final String OID_ED25519 = "2b6570"; // 1.3.101.112 id-Ed25519
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private DkimKeys() {
    }

    /**
     * Generates a new key pair: RSA of {@value #RSA_BITS} bits or Ed25519.
     *
     * @throws IllegalArgumentException when the domain or selector is not usable in DKIM
     */
    public static DkimKey generate(String domain, String selector, DkimKey.Algorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        try {
            KeyPair pair;
            if (algorithm == DkimKey.Algorithm.RSA_SHA256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(RSA_BITS);
                pair = generator.generateKeyPair();
            } else {
                pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            }
            return new DkimKey(domain, selector, algorithm, pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + algorithm.tag() + " keys", e);
        }
    }

    /**
     * Loads a private key from PEM and derives its public key. Accepts PKCS#8 ({@code BEGIN PRIVATE KEY}) holding an
     * RSA or an Ed25519 key, the algorithm being read from the key, and PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) for
     * RSA. Encrypted keys are not supported. Text around the PEM block is ignored.
     *
     * @throws IllegalArgumentException when the PEM is malformed, encrypted, of another algorithm, or an RSA key of
     *         fewer than {@value DkimKey#MIN_RSA_BITS} bits
     */
    public static DkimKey fromPem(String domain, String selector, String pkcs8Pem) {
        Objects.requireNonNull(pkcs8Pem, "pkcs8Pem");
        String label = pemLabel(pkcs8Pem);
        byte[] der = pemBody(pkcs8Pem, label);
        try {
            return switch (label) {
                case "PRIVATE KEY" -> fromPkcs8(domain, selector, der);
                case "RSA PRIVATE KEY" -> rsaKey(domain, selector, KeyFactory.getInstance("RSA")
                        .generatePrivate(pkcs1Spec(der)));
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                        "encrypted private keys are not supported: decrypt to PKCS#8 first");
                default -> throw new IllegalArgumentException("unsupported PEM type '" + label
                        + "': expected PRIVATE KEY (PKCS#8) or RSA PRIVATE KEY (PKCS#1)");
            };
        } catch (GeneralSecurityException | Der.MalformedException e) {
            throw new IllegalArgumentException("malformed " + label + ": " + e.getMessage(), e);
        }
    }

    /**
     * The private key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}, 64-column base64, LF line ends), readable
     * by {@link #fromPem} and by OpenSSL.
     *
     * @throws IllegalArgumentException when the key does not encode as PKCS#8 (e.g. a hardware-held key)
     */
    public static String toPem(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        byte[] der = key.getEncoded();
        if (der == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("the key has no PKCS#8 encoding (format " + key.getFormat() + ")");
        }
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    private static DkimKey fromPkcs8(String domain, String selector, byte[] der)
            throws GeneralSecurityException, Der.MalformedException {
        // PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET
        // STRING, ... } (RFC 5208, RFC 5958)
        Der info = new Der(der).sequence();
        info.integer();
        String oid = HexFormat.of().formatHex(info.sequence().objectIdentifier());
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        return switch (oid) {
            case OID_RSA -> rsaKey(domain, selector, KeyFactory.getInstance("RSA").generatePrivate(spec));
            case OID_ED25519 -> ed25519Key(domain, selector, KeyFactory.getInstance("Ed25519").generatePrivate(spec));
            default -> throw new IllegalArgumentException("unsupported key algorithm (OID bytes " + oid
                    + "): DKIM keys are RSA or Ed25519");
        };
    }

    private static DkimKey rsaKey(String domain, String selector, PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("the RSA private key lacks its public exponent (not a CRT key)");
        }
        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new DkimKey(domain, selector, DkimKey.Algorithm.RSA_SHA256, key, publicKey);
    }

    private static DkimKey ed25519Key(String domain, String selector, PrivateKey key)
            throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the Ed25519 private key bytes are not available"));
        return new DkimKey(domain, selector, DkimKey.Algorithm.ED25519_SHA256, key, ed25519PublicKey(seed));
    }

    /** An Ed25519 key from its raw 32-byte private key (seed, RFC 8032); for test vectors that publish seeds. */
    static DkimKey ed25519(String domain, String selector, byte[] seed) {
        byte[] pkcs8 = Arrays.copyOf(HexFormat.of().parseHex("302e020100300506032b657004220420"), 16 + seed.length);
        System.arraycopy(seed, 0, pkcs8, 16, seed.length);
        try {
            return ed25519Key(domain, selector, KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** The JDK public key of a raw 32-byte Ed25519 private key. */
    static PublicKey ed25519PublicKey(byte[] seed) throws GeneralSecurityException {
        byte[] raw = Ed25519.publicKey(seed);
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dp, dq, qinv } (RFC 8017 A.1.2). */
    private static RSAPrivateCrtKeySpec pkcs1Spec(byte[] der) throws Der.MalformedException {
        Der seq = new Der(der).sequence();
        BigInteger version = seq.integer();
        if (version.signum() != 0) {
            throw new IllegalArgumentException("multi-prime RSA keys (PKCS#1 version " + version
                    + ") are not supported");
        }
        return new RSAPrivateCrtKeySpec(seq.integer(), seq.integer(), seq.integer(), seq.integer(), seq.integer(),
                seq.integer(), seq.integer(), seq.integer());
    }

    private static String pemLabel(String pem) {
        int begin = pem.indexOf("-----BEGIN ");
        if (begin < 0) {
            throw new IllegalArgumentException("no PEM block (-----BEGIN ...-----) found");
        }
        int labelStart = begin + "-----BEGIN ".length();
        int labelEnd = pem.indexOf("-----", labelStart);
        if (labelEnd < 0) {
            throw new IllegalArgumentException("malformed PEM header line");
        }
        return pem.substring(labelStart, labelEnd).trim();
    }

    private static byte[] pemBody(String pem, String label) {
        String header = "-----BEGIN " + label + "-----";
        String footer = "-----END " + label + "-----";
        int start = pem.indexOf(header) + header.length();
        int end = pem.indexOf(footer, start);
        if (end < 0) {
            throw new IllegalArgumentException("PEM block without '" + footer + "'");
        }
        String body = pem.substring(start, end);
        if (body.contains("Proc-Type:") || body.contains("DEK-Info:")) {
            throw new IllegalArgumentException("encrypted private keys are not supported: decrypt first");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
            if (der.length == 0) {
                throw new IllegalArgumentException("empty PEM block");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not base64: " + e.getMessage(), e);
        }
    }
}
