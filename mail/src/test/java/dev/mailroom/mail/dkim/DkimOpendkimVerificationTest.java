package dev.mailroom.mail.dkim;

import static dev.mailroom.mail.dkim.DkimTestSupport.CLOCK;
import static dev.mailroom.mail.dkim.DkimTestSupport.ED;
import static dev.mailroom.mail.dkim.DkimTestSupport.RSA;
import static dev.mailroom.mail.dkim.DkimTestSupport.messages;
import static dev.mailroom.mail.dkim.DkimTestSupport.opendkim;
import static dev.mailroom.mail.dkim.DkimTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

import dev.mailroom.mail.dkim.DkimTestSupport.Output;

/**
 * A second independent verifier: libopendkim through opendkim-testmsg, whose DNS look-ups go to a local server in
 * private network and mount namespaces (see opendkim_verify.sh). opendkim-testmsg reports one status per message,
 * so each signature is checked alone: rsa-sha256, and ed25519-sha256 (which this libopendkim 2.11 also verifies).
 */
class DkimOpendkimVerificationTest {

    private final DkimSigner signer = new DkimSigner(CLOCK);

    @BeforeAll
    static void opendkimUsable() {
        String problem = DkimTestSupport.opendkimProblem();
        Assumptions.assumeTrue(problem == null, () -> "skipped: opendkim cannot verify offline here: " + problem);
    }

    static Stream<Arguments> messagesAndKeys() {
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, byte[]> m : messages().entrySet()) {
            if (m.getKey().equals("repeated-fields")) {
                // two Cc fields break RFC 5322 §3.6: libopendkim refuses the message itself ("dkim_chunk(): Syntax
                // error") before any signature check; dkimpy verifies it
                continue;
            }
            cases.add(Arguments.of(m.getKey(), "rsa", m.getValue(), RSA));
            cases.add(Arguments.of(m.getKey(), "ed25519", m.getValue(), ED));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} signed {1}")
    @MethodSource("messagesAndKeys")
    void signatureVerifies(String message, String algorithm, byte[] bytes, DkimKey key) {
        byte[] signed = signer.sign(bytes, List.of(key));
        Output out = opendkim(signed, List.of(key));
        assertEquals(0, out.exitCode(), () -> out.text() + "\n--- message ---\n" + text(signed));
        assertTrue(out.text().contains("query " + key.dnsName() + " TXT"), out.text());
    }

    @Test
    void bothSignaturesTogetherVerify() {
        byte[] signed = signer.sign(messages().get("multipart-attachment"), List.of(ED, RSA));
        Output out = opendkim(signed, List.of(ED, RSA));
        assertEquals(0, out.exitCode(), out.text());
    }

    @Test
    void alteredBodyFails() {
        for (DkimKey key : List.of(RSA, ED)) {
            byte[] signed = signer.sign(messages().get("simple-text"), List.of(key));
            Output out = opendkim(replace(signed, "plain test message", "plain test messagE"), List.of(key));
            assertNotEquals(0, out.exitCode(), out.text());
        }
    }

    @Test
    void alteredSignedHeaderFails() {
        for (DkimKey key : List.of(RSA, ED)) {
            byte[] signed = signer.sign(messages().get("simple-text"), List.of(key));
            Output out = opendkim(replace(signed, "Subject: Hello from Mailroom", "Subject: Hello from Mallory"),
                    List.of(key));
            assertNotEquals(0, out.exitCode(), out.text());
        }
    }

    @Test
    void wrongPublicKeyFails() {
        DkimKey other = DkimKeys.generate(RSA.domain(), RSA.selector(), DkimKey.Algorithm.RSA_SHA256);
        Output out = opendkim(signer.sign(messages().get("simple-text"), List.of(RSA)), List.of(other));
        assertNotEquals(0, out.exitCode(), out.text());
    }

    private static byte[] replace(byte[] message, String from, String to) {
        String s = text(message);
        assertTrue(s.contains(from), "the message holds " + from);
        return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }
}
