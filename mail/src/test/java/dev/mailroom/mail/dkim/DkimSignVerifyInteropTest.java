package dev.mailroom.mail.dkim;

import static dev.mailroom.mail.dkim.DkimTestSupport.CLOCK;
import static dev.mailroom.mail.dkim.DkimTestSupport.ED;
import static dev.mailroom.mail.dkim.DkimTestSupport.PYTHON;
import static dev.mailroom.mail.dkim.DkimTestSupport.RSA;
import static dev.mailroom.mail.dkim.DkimTestSupport.dkimpy;
import static dev.mailroom.mail.dkim.DkimTestSupport.messages;
import static dev.mailroom.mail.dkim.DkimTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mailroom.contract.Authentication;
import dev.mailroom.mail.dns.InMemoryDnsResolver;

/**
 * One signature, two verifiers in the same run: every test message signed by {@link DkimSigner} with an rsa-sha256
 * and with an ed25519-sha256 key must pass {@link DkimVerifier} (key records from {@link DkimKey#dnsRecord()}) and
 * dkimpy alike, and a changed body must fail both. dkimpy missing fails the test, naming the Python module.
 */
class DkimSignVerifyInteropTest {

    @BeforeAll
    static void dkimpyInstalled() {
        List<String> missing = new ArrayList<>();
        for (String module : List.of("dkim", "nacl")) {
            if (DkimTestSupport.run(List.of(PYTHON, "-c", "import " + module), 60).exitCode() != 0) {
                missing.add(module);
            }
        }
        assertTrue(missing.isEmpty(), PYTHON + " cannot import the Python module(s) " + missing
                + " (dkim: Debian python3-dkim; nacl, dkimpy's ed25519: python3-nacl); the mail signer must be"
                + " verified by dkimpy too");
    }

    static Stream<Arguments> messagesAndKeys() {
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, byte[]> m : messages().entrySet()) {
            for (DkimKey key : List.of(RSA, ED)) {
                cases.add(Arguments.of(m.getKey(), key.algorithm().tag(), m.getValue(), key));
            }
        }
        return cases.stream();
    }

    private static List<Authentication.Dkim> verify(byte[] message, DkimKey key) {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().add(key.dnsName(), "TXT", key.dnsRecord());
        return new DkimVerifier(dns, CLOCK).verify(message);
    }

    @ParameterizedTest(name = "{0} signed {1}")
    @MethodSource("messagesAndKeys")
    void bothVerifiersPassTheSignatureAndFailATamperedBody(String message, String algorithm, byte[] bytes,
            DkimKey key) {
        byte[] signed = new DkimSigner(CLOCK).sign(bytes, List.of(key));

        List<Authentication.Dkim> ours = verify(signed, key);
        assertEquals(1, ours.size(), ours::toString);
        assertEquals("pass", ours.get(0).result(), () -> ours + "\n--- message ---\n" + text(signed));
        assertEquals(algorithm, ours.get(0).algorithm());
        DkimTestSupport.DkimpyReport theirs = dkimpy(signed, List.of(key));
        assertEquals(1, theirs.signatures(), theirs.output());
        assertTrue(theirs.allPass(), () -> theirs.output() + "\n--- message ---\n" + text(signed));

        byte[] tampered = DkimTestSupport.concat(signed, "\r\ntampered\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("fail", verify(tampered, key).get(0).result());
        DkimTestSupport.DkimpyReport tamperedTheirs = dkimpy(tampered, List.of(key));
        assertTrue(tamperedTheirs.nonePass(), tamperedTheirs.output());
    }
}
