package dev.mailroom.mail.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import dev.mailroom.mail.dkim.DkimKey.Algorithm;

/** Key generation, PEM loading and writing, DNS records. */
class DkimKeysTest {

    private static final DkimKey RSA = DkimTestSupport.RSA;
    private static final DkimKey ED = DkimTestSupport.ED;

    private static String p(String record) {
        int i = record.indexOf("; p=");
        assertTrue(i > 0, record);
        return record.substring(i + 4);
    }

    @Test
    void algorithmTags() {
        assertEquals("rsa-sha256", Algorithm.RSA_SHA256.tag());
        assertEquals("rsa", Algorithm.RSA_SHA256.keyType());
        assertEquals("ed25519-sha256", Algorithm.ED25519_SHA256.tag());
        assertEquals("ed25519", Algorithm.ED25519_SHA256.keyType());
    }

    @Test
    void dnsName() {
        assertEquals("rsa2025._domainkey.example.com", RSA.dnsName());
        assertEquals("ed2025._domainkey.example.com", ED.dnsName());
    }

    @Test
    void rsaDnsRecordIsX509SubjectPublicKeyInfo() throws Exception {
        String record = RSA.dnsRecord();
        assertTrue(record.startsWith("v=DKIM1; k=rsa; p="), record);
        PublicKey parsed = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(p(record))));
        assertEquals(((RSAPublicKey) RSA.publicKey()).getModulus(), ((RSAPublicKey) parsed).getModulus());
        assertEquals(DkimKeys.RSA_BITS, ((RSAPublicKey) parsed).getModulus().bitLength());
    }

    @Test
    void ed25519DnsRecordIsTheRaw32ByteKey() {
        String record = ED.dnsRecord();
        assertTrue(record.startsWith("v=DKIM1; k=ed25519; p="), record);
        String p = p(record);
        assertEquals(44, p.length());
        byte[] raw = Base64.getDecoder().decode(p);
        assertEquals(32, raw.length);
        byte[] spki = ED.publicKey().getEncoded();
        assertArrayEquals(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length), raw);
    }

    @Test
    void ed25519PublicKeyDerivationMatchesRfc8032TestVector1() {
        byte[] secret = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                HexFormat.of().formatHex(Ed25519.publicKey(secret)));
    }

    @Test
    void ed25519PublicKeyDerivationMatchesRfc8032TestVector3() {
        byte[] secret = HexFormat.of().parseHex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7");
        assertEquals("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                HexFormat.of().formatHex(Ed25519.publicKey(secret)));
    }

    @Test
    void ed25519PemFromOpenSslDerivesOpenSslsPublicKey() {
        DkimKey key = DkimKeys.fromPem("example.com", "ed", DkimTestSupport.resourceText("ed25519-pkcs8.pem"));
        assertEquals(Algorithm.ED25519_SHA256, key.algorithm());
        assertEquals("v=DKIM1; k=ed25519; p=" + DkimTestSupport.resourceText("ed25519-pkcs8.raw.b64").strip(),
                key.dnsRecord());
        assertSignsAndVerifies(key);
    }

    @Test
    void pkcs1RsaPemAccepted() {
        String pem = DkimTestSupport.resourceText("rsa-pkcs1.pem");
        assertTrue(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        DkimKey key = DkimKeys.fromPem("example.com", "legacy", pem);
        assertEquals(Algorithm.RSA_SHA256, key.algorithm());
        assertEquals("v=DKIM1; k=rsa; p=" + DkimTestSupport.resourceText("rsa-pkcs1.spki.b64").strip(),
                key.dnsRecord());
        assertSignsAndVerifies(key);
    }

    @Test
    void pemRoundTripRsa() {
        String pem = DkimKeys.toPem(RSA.privateKey());
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        assertTrue(pem.endsWith("\n-----END PRIVATE KEY-----\n"), pem);
        assertTrue(pem.lines().allMatch(l -> l.length() <= 64), "64-column base64");
        DkimKey loaded = DkimKeys.fromPem("example.com", "rsa2025", pem);
        assertEquals(Algorithm.RSA_SHA256, loaded.algorithm());
        assertArrayEquals(RSA.privateKey().getEncoded(), loaded.privateKey().getEncoded());
        assertArrayEquals(RSA.publicKey().getEncoded(), loaded.publicKey().getEncoded());
        assertEquals(RSA.dnsRecord(), loaded.dnsRecord());
        assertEquals(pem, DkimKeys.toPem(loaded.privateKey()));
    }

    @Test
    void pemRoundTripEd25519() {
        String pem = DkimKeys.toPem(ED.privateKey());
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        DkimKey loaded = DkimKeys.fromPem("example.com", "ed2025", pem);
        assertEquals(Algorithm.ED25519_SHA256, loaded.algorithm());
        assertArrayEquals(ED.privateKey().getEncoded(), loaded.privateKey().getEncoded());
        assertArrayEquals(ED.publicKey().getEncoded(), loaded.publicKey().getEncoded());
        assertEquals(ED.dnsRecord(), loaded.dnsRecord());
        assertEquals(pem, DkimKeys.toPem(loaded.privateKey()));
    }

    @Test
    void pemWithSurroundingTextAndCrlf() {
        String pem = "key for example.com\r\n" + DkimKeys.toPem(ED.privateKey()).replace("\n", "\r\n") + "trailer";
        assertEquals(ED.dnsRecord(), DkimKeys.fromPem("example.com", "ed2025", pem).dnsRecord());
    }

    @Test
    void generatedRsaIs2048Bits() {
        assertEquals(2048, ((RSAPrivateCrtKey) RSA.privateKey()).getModulus().bitLength());
        assertEquals(Algorithm.RSA_SHA256, RSA.algorithm());
        assertEquals("example.com", RSA.domain());
        assertEquals("rsa2025", RSA.selector());
    }

    @Test
    void rsaBelow1024BitsRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1016);
        KeyPair small = generator.generateKeyPair();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DkimKey("example.com", "s", Algorithm.RSA_SHA256, small.getPrivate(), small.getPublic()));
        assertTrue(e.getMessage().contains("1016"), e.getMessage());
        String pem = DkimKeys.toPem(small.getPrivate());
        assertThrows(IllegalArgumentException.class, () -> DkimKeys.fromPem("example.com", "s", pem));
    }

    @Test
    void rsa1024BitsAccepted() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair pair = generator.generateKeyPair();
        DkimKey key = new DkimKey("example.com", "s", Algorithm.RSA_SHA256, pair.getPrivate(), pair.getPublic());
        assertEquals(1024, ((RSAPublicKey) key.publicKey()).getModulus().bitLength());
    }

    @Test
    void mismatchedOrWrongKeysRejected() {
        DkimKey otherRsa = DkimKeys.generate("example.com", "x", Algorithm.RSA_SHA256);
        DkimKey otherEd = DkimKeys.generate("example.com", "x", Algorithm.ED25519_SHA256);
        assertThrows(IllegalArgumentException.class, () -> new DkimKey("example.com", "s", Algorithm.RSA_SHA256,
                RSA.privateKey(), otherRsa.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> new DkimKey("example.com", "s", Algorithm.ED25519_SHA256,
                ED.privateKey(), otherEd.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> new DkimKey("example.com", "s", Algorithm.RSA_SHA256,
                ED.privateKey(), ED.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> new DkimKey("example.com", "s", Algorithm.ED25519_SHA256,
                RSA.privateKey(), RSA.publicKey()));
    }

    @Test
    void namesThatBreakTheTagListRejected() {
        for (String bad : new String[] {"", "exa mple.com", "a;b", "a=b", "exämple.com"}) {
            assertThrows(IllegalArgumentException.class, () -> new DkimKey(bad, "s", Algorithm.ED25519_SHA256,
                    ED.privateKey(), ED.publicKey()), bad);
            assertThrows(IllegalArgumentException.class, () -> new DkimKey("example.com", bad,
                    Algorithm.ED25519_SHA256, ED.privateKey(), ED.publicKey()), bad);
        }
    }

    @Test
    void toStringHidesThePrivateKey() {
        String s = RSA.toString();
        assertEquals("DkimKey[rsa-sha256 rsa2025._domainkey.example.com]", s);
    }

    @Test
    void unsupportedPemRejected() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        String ecPem = DkimKeys.toPem(ec.generateKeyPair().getPrivate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DkimKeys.fromPem("example.com", "s", ecPem));
        assertTrue(e.getMessage().contains("RSA or Ed25519"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DkimKeys.fromPem("example.com", "s", "not a key"));
        assertThrows(IllegalArgumentException.class, () -> DkimKeys.fromPem("example.com", "s",
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        assertThrows(IllegalArgumentException.class, () -> DkimKeys.fromPem("example.com", "s",
                "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n"));
        assertThrows(IllegalArgumentException.class, () -> DkimKeys.fromPem("example.com", "s",
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"));
        assertThrows(IllegalArgumentException.class, () -> DkimKeys.fromPem("example.com", "s",
                "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(RSA.publicKey().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n"));
        String truncated = DkimKeys.toPem(RSA.privateKey()).replaceFirst("(?s)(BEGIN PRIVATE KEY-----\n.{40}).*?(\n-----END)",
                "$1$2");
        assertThrows(IllegalArgumentException.class, () -> DkimKeys.fromPem("example.com", "s", truncated));
    }

    /** The loaded key pair really is a pair: a signature by the private key verifies with the public key. */
    private static void assertSignsAndVerifies(DkimKey key) {
        try {
            String alg = key.algorithm() == Algorithm.RSA_SHA256 ? "SHA256withRSA" : "Ed25519";
            byte[] data = "data".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(alg);
            signer.initSign(key.privateKey());
            signer.update(data);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(key.publicKey());
            verifier.update(data);
            assertTrue(verifier.verify(sig));
            verifier.initVerify(key.publicKey());
            verifier.update("other".getBytes(StandardCharsets.US_ASCII));
            assertFalse(verifier.verify(sig));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
