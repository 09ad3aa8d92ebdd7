package dev.mailroom.mail.dkim;

import static dev.mailroom.mail.dkim.DkimTestSupport.CLOCK;
import static dev.mailroom.mail.dkim.DkimTestSupport.ED;
import static dev.mailroom.mail.dkim.DkimTestSupport.NOW;
import static dev.mailroom.mail.dkim.DkimTestSupport.RSA;
import static dev.mailroom.mail.dkim.DkimTestSupport.lines;
import static dev.mailroom.mail.dkim.DkimTestSupport.messages;
import static dev.mailroom.mail.dkim.DkimTestSupport.signatureFields;
import static dev.mailroom.mail.dkim.DkimTestSupport.tag;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** The signature fields the signer writes, checked without an external verifier. */
class DkimSignerTest {

    private static final String EMPTY_SHA256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    private final DkimSigner signer = new DkimSigner(CLOCK);

    @Test
    void tagsOfOneSignature() {
        byte[] signed = signer.sign(messages().get("simple-text"), List.of(RSA));
        List<String> fields = signatureFields(signed);
        assertEquals(1, fields.size());
        String f = fields.get(0);
        assertEquals("1", tag(f, "v"));
        assertEquals("rsa-sha256", tag(f, "a"));
        assertEquals("relaxed/relaxed", tag(f, "c"));
        assertEquals("example.com", tag(f, "d"));
        assertEquals("rsa2025", tag(f, "s"));
        assertEquals(Long.toString(NOW.getEpochSecond()), tag(f, "t"));
        assertEquals("from:from:to:subject:date:message-id:mime-version:content-type:content-transfer-encoding",
                tag(f, "h"));
        assertEquals(344, tag(f, "b").length(), "2048-bit RSA signature in base64");
    }

    @Test
    void allListedFieldsSignedFromOverSigned() {
        String h = tag(signatureFields(signer.sign(messages().get("multipart-attachment"), List.of(ED))).get(0), "h");
        assertEquals("from:from:to:cc:subject:date:message-id:in-reply-to:references:reply-to:mime-version"
                + ":content-type:list-unsubscribe:list-unsubscribe-post", h);
    }

    @Test
    void repeatedFieldsListedOncePerInstanceAndUnlistedFieldsNotSigned() {
        String h = tag(signatureFields(signer.sign(messages().get("repeated-fields"), List.of(ED))).get(0), "h");
        assertEquals("from:from:to:cc:cc:subject:date", h);
    }

    @Test
    void headerNamesMatchedCaseInsensitively() {
        String h = tag(signatureFields(signer.sign(messages().get("folded-headers"), List.of(ED))).get(0), "h");
        assertEquals("from:from:to:subject:date:message-id:in-reply-to:references:content-type", h);
    }

    @Test
    void ed25519SignatureIs64Bytes() {
        String f = signatureFields(signer.sign(messages().get("simple-text"), List.of(ED))).get(0);
        assertEquals("ed25519-sha256", tag(f, "a"));
        assertEquals("ed2025", tag(f, "s"));
        assertEquals(64, Base64.getDecoder().decode(tag(f, "b")).length);
    }

    @Test
    void oneSignaturePerKeyInKeyOrderThenTheUnchangedMessage() {
        byte[] message = messages().get("simple-text");
        byte[] signed = signer.sign(message, List.of(ED, RSA));
        List<String> fields = signatureFields(signed);
        assertEquals(2, fields.size());
        assertEquals("ed25519-sha256", tag(fields.get(0), "a"));
        assertEquals("rsa-sha256", tag(fields.get(1), "a"));
        int headerLength = fields.stream().mapToInt(f -> f.length() + 2).sum();
        assertArrayEquals(message, Arrays.copyOfRange(signed, headerLength, signed.length));
        assertEquals(tag(fields.get(0), "bh"), tag(fields.get(1), "bh"));
    }

    @Test
    void noKeysLeavesTheMessageAsItIs() {
        byte[] message = messages().get("simple-text");
        assertArrayEquals(message, signer.sign(message, List.of()));
    }

    @Test
    void bodyHashIsOfTheRelaxedBody() throws Exception {
        byte[] signed = signer.sign(messages().get("whitespace-runs"), List.of(ED));
        String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest("a b c\r\n leading whitespace\r\ntabs inside\r\n\r\nend\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, tag(signatureFields(signed).get(0), "bh"));
    }

    @Test
    void emptyMissingAndBlankBodiesHashAsEmpty() {
        for (String name : List.of("empty-body", "no-body")) {
            String f = signatureFields(signer.sign(messages().get(name), List.of(ED))).get(0);
            assertEquals(EMPTY_SHA256, tag(f, "bh"), name);
        }
        byte[] blankLines = lines("From: a@example.com", "", "", " \t", "", "");
        assertEquals(EMPTY_SHA256, tag(signatureFields(signer.sign(blankLines, List.of(ED))).get(0), "bh"));
    }

    @Test
    void trailingEmptyLinesDoNotChangeTheBodyHash() {
        String one = tag(signatureFields(signer.sign(lines("From: a@example.com", "", "text", ""), List.of(ED)))
                .get(0), "bh");
        String many = tag(signatureFields(signer.sign(lines("From: a@example.com", "", "text", "", "", "", ""),
                List.of(ED))).get(0), "bh");
        String other = tag(signatureFields(signer.sign(lines("From: a@example.com", "", "text!", ""), List.of(ED)))
                .get(0), "bh");
        assertEquals(one, many);
        assertNotEquals(one, other);
    }

    @Test
    void signatureFieldLinesAtMost78Characters() {
        DkimKey longSelector = DkimKeys.generate("mail.subdomain.example.com", "selector-with-a-long-name-2025-06",
                DkimKey.Algorithm.RSA_SHA256);
        for (Map.Entry<String, byte[]> m : messages().entrySet()) {
            for (String field : signatureFields(signer.sign(m.getValue(), List.of(ED, RSA, longSelector)))) {
                for (String line : field.split("\r\n")) {
                    assertTrue(line.length() <= 78, m.getKey() + ": " + line.length() + " chars: " + line);
                }
                assertTrue(field.contains("\r\n\t"), "folded: " + field);
            }
        }
    }

    @Test
    void bareLfLineEndsBecomeCrlf() {
        byte[] signed = signer.sign(messages().get("lf-line-ends"), List.of(ED));
        String s = new String(signed, StandardCharsets.ISO_8859_1);
        assertTrue(s.endsWith("From: alice@example.com\r\nTo: bob@example.org\r\nSubject: LF only\r\n"
                + "Date: Sun, 01 Jun 2025 12:00:00 +0000\r\n\r\nbody\r\n"), s);
        assertEquals(s.split("\n", -1).length - 1, s.split("\r\n", -1).length - 1, "every LF is part of a CRLF");
    }

    @Test
    void messageWithoutFromRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> signer.sign(lines("To: b@example.org", "Subject: x", "", "body", ""), List.of(ED)));
        assertTrue(e.getMessage().contains("From"), e.getMessage());
    }

    @Test
    void fromInABodyLineIsNotAHeader() {
        byte[] message = lines("To: b@example.org", "", "From: a@example.com", "");
        assertThrows(IllegalArgumentException.class, () -> signer.sign(message, List.of(ED)));
    }

    @Test
    void deterministicAndThreadSafe() throws Exception {
        // RSASSA-PKCS1-v1_5 and Ed25519 are deterministic: concurrent signing must give the sequential bytes
        List<byte[]> inputs = new ArrayList<>(messages().values());
        List<byte[]> expected = new ArrayList<>();
        for (byte[] m : inputs) {
            expected.add(signer.sign(m, List.of(ED, RSA)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (byte[] m : inputs) {
                    futures.add(pool.submit(() -> signer.sign(m, List.of(ED, RSA))));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(expected.get(i % inputs.size()), futures.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
