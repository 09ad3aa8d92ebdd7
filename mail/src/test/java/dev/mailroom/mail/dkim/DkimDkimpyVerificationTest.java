package dev.mailroom.mail.dkim;

import static dev.mailroom.mail.dkim.DkimTestSupport.CLOCK;
import static dev.mailroom.mail.dkim.DkimTestSupport.ED;
import static dev.mailroom.mail.dkim.DkimTestSupport.RSA;
import static dev.mailroom.mail.dkim.DkimTestSupport.dkimpy;
import static dev.mailroom.mail.dkim.DkimTestSupport.messages;
import static dev.mailroom.mail.dkim.DkimTestSupport.signatureFields;
import static dev.mailroom.mail.dkim.DkimTestSupport.tag;
import static dev.mailroom.mail.dkim.DkimTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mailroom.mail.dkim.DkimTestSupport.DkimpyReport;

/**
 * Independent verification of the signatures with dkimpy (/usr/bin/python3, DNS answered from the keys' records):
 * every message with rsa-sha256, ed25519-sha256 and both, then tampering that must break them.
 */
class DkimDkimpyVerificationTest {

    private final DkimSigner signer = new DkimSigner(CLOCK);

    @BeforeAll
    static void dkimpyInstalled() {
        Assumptions.assumeTrue(DkimTestSupport.dkimpyAvailable(), DkimTestSupport.DKIMPY_MISSING);
    }

    static Stream<Arguments> messagesAndKeys() {
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, byte[]> m : messages().entrySet()) {
            for (Map.Entry<String, List<DkimKey>> k : DkimTestSupport.keySets().entrySet()) {
                cases.add(Arguments.of(m.getKey(), k.getKey(), m.getValue(), k.getValue()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} signed {1}")
    @MethodSource("messagesAndKeys")
    void everySignatureVerifies(String message, String keySet, byte[] bytes, List<DkimKey> keys) {
        byte[] signed = signer.sign(bytes, keys);
        DkimpyReport report = dkimpy(signed, keys);
        assertEquals(keys.size(), report.signatures(), report.output());
        assertTrue(report.allPass(), () -> report.output() + "\n--- message ---\n" + text(signed));
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(keys.get(i).algorithm().tag(), report.results().get(i).algorithm(), report.output());
        }
    }

    @Test
    void verificationFailsWithoutTheRightKey() {
        // guards the harness: a DNS answer with another key must make dkimpy fail
        DkimKey impostor = new DkimKey(ED.domain(), ED.selector(), ED.algorithm(), ED.privateKey(), ED.publicKey());
        DkimKey otherEd = DkimKeys.generate(ED.domain(), ED.selector(), DkimKey.Algorithm.ED25519_SHA256);
        DkimKey otherRsa = DkimKeys.generate(RSA.domain(), RSA.selector(), DkimKey.Algorithm.RSA_SHA256);
        byte[] signed = signer.sign(messages().get("simple-text"), List.of(impostor, RSA));
        DkimpyReport report = dkimpy(signed, List.of(otherEd, otherRsa));
        assertTrue(report.nonePass(), report.output());
    }

    @Test
    void alteredBodyFails() {
        byte[] signed = signer.sign(messages().get("simple-text"), List.of(ED, RSA));
        DkimpyReport report = dkimpy(replace(signed, "This is a plain test message.", "This is a plain test messagE."),
                List.of(ED, RSA));
        assertTrue(report.nonePass(), report.output());
        assertTrue(report.results().stream().allMatch(r -> r.detail().contains("body hash mismatch")),
                report.output());
    }

    @Test
    void appendedBodyLineFails() {
        byte[] signed = signer.sign(messages().get("empty-body"), List.of(ED, RSA));
        String s = text(signed) + "P.S. added\r\n";
        assertTrue(dkimpy(s.getBytes(StandardCharsets.UTF_8), List.of(ED, RSA)).nonePass());
    }

    @Test
    void alteredSignedHeaderFails() {
        byte[] signed = signer.sign(messages().get("simple-text"), List.of(ED, RSA));
        DkimpyReport report = dkimpy(replace(signed, "Subject: Hello from Mailroom", "Subject: Hello from Mallory"),
                List.of(ED, RSA));
        assertTrue(report.nonePass(), report.output());
    }

    @Test
    void alteredSignatureTagFails() {
        byte[] signed = signer.sign(messages().get("simple-text"), List.of(ED, RSA));
        String t = tag(signatureFields(signed).get(0), "t");
        // t= of the top (ed25519) signature only: it covers its own field, the RSA one stays valid
        String s = text(signed);
        int at = s.indexOf("t=" + t);
        assertTrue(at > 0 && at < signatureFields(signed).get(0).length(), "t= in the top field");
        s = s.substring(0, at) + "t=" + (Long.parseLong(t) - 1) + s.substring(at + 2 + t.length());
        DkimpyReport report = dkimpy(s.getBytes(StandardCharsets.UTF_8), List.of(ED, RSA));
        assertFalse(report.results().get(0).pass(), report.output());
        assertTrue(report.results().get(1).pass(), report.output());
    }

    @Test
    void secondFromAddedOnTopFails() {
        byte[] signed = signer.sign(messages().get("simple-text"), List.of(ED, RSA));
        byte[] tampered = ("From: Mallory <ceo@example.com>\r\n" + text(signed)).getBytes(StandardCharsets.UTF_8);
        assertTrue(dkimpy(tampered, List.of(ED, RSA)).nonePass());
    }

    @Test
    void secondFromAddedOnTopFailsThroughOverSigningAlone() {
        // bottom-up selection (RFC 6376 §5.4.2) hashes the bottom From first; only the second, over-signed "from"
        // in h= reaches the added top one. dkimpy in strict mode follows h= exactly: without over-signing this
        // message would still verify (a dkimpy signature with a single from does, checked by hand).
        byte[] signed = signer.sign(messages().get("simple-text"), List.of(ED, RSA));
        assertTrue(dkimpy(signed, List.of(ED, RSA), true).allPass(), "strict mode verifies the untouched message");
        byte[] tampered = ("From: Mallory <ceo@example.com>\r\n" + text(signed)).getBytes(StandardCharsets.UTF_8);
        DkimpyReport report = dkimpy(tampered, List.of(ED, RSA), true);
        assertTrue(report.nonePass(), report.output());
    }

    @Test
    void secondFromAddedBelowFails() {
        byte[] signed = signer.sign(messages().get("simple-text"), List.of(ED, RSA));
        byte[] tampered = replace(signed, "X-Mailroom-Send-Id: s-1\r\n",
                "X-Mailroom-Send-Id: s-1\r\nFrom: Mallory <ceo@example.com>\r\n");
        DkimpyReport report = dkimpy(tampered, List.of(ED, RSA));
        assertTrue(report.nonePass(), report.output());
    }

    @Test
    void unsignedHeaderAndRefoldingKeepTheSignatureValid() {
        // relaxed canonicalisation tolerates re-folding and case changes of names; unsigned fields may be added
        byte[] signed = signer.sign(messages().get("simple-text"), List.of(ED, RSA));
        String s = "Received: from relay.example.net by mx.example.org; Sun, 01 Jun 2025 12:00:01 +0000\r\n"
                + text(replace(signed, "Subject: Hello from Mailroom", "SUBJECT:  Hello\r\n\tfrom   Mailroom  "))
                        .replace("Alice\r\n", "Alice   \r\n\r\n\r\n");
        DkimpyReport report = dkimpy(s.getBytes(StandardCharsets.UTF_8), List.of(ED, RSA));
        assertTrue(report.allPass(), report.output() + "\n" + s);
    }

    @Test
    void removedSignedHeaderFails() {
        byte[] signed = signer.sign(messages().get("simple-text"), List.of(ED, RSA));
        assertTrue(dkimpy(replace(signed, "Message-ID: <simple-1@example.com>\r\n", ""), List.of(ED, RSA))
                .nonePass());
    }

    @Test
    void reorderedRepeatedFieldsFail() {
        // the two Cc fields are signed bottom-up: swapping them breaks the signatures
        byte[] signed = signer.sign(messages().get("repeated-fields"), List.of(ED, RSA));
        byte[] swapped = replace(replace(replace(signed, "Cc: first@example.org", "Cc: PLACEHOLDER"),
                "Cc: second@example.org", "Cc: first@example.org"), "Cc: PLACEHOLDER", "Cc: second@example.org");
        assertTrue(dkimpy(swapped, List.of(ED, RSA)).nonePass());
    }

    private static byte[] replace(byte[] message, String from, String to) {
        String s = text(message);
        assertTrue(s.contains(from), "the message holds " + from);
        return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }
}
