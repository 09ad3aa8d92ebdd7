package dev.mailroom.mailbox.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class SignaturesTest {

    /** The example of the Standard Webhooks specification (and of its reference library). */
    @Test
    void theSpecificationsExampleSignsAsPublished() {
        String sig = Signatures.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", sig);
    }

    @Test
    void newSecretsAreWhsecWithAtLeast24RandomBytes() {
        String a = Signatures.newSecret();
        String b = Signatures.newSecret();
        assertTrue(a.startsWith("whsec_"));
        assertTrue(Base64.getDecoder().decode(a.substring(6)).length >= 24);
        assertNotEquals(a, b);
    }

    @Test
    void theHeaderCarriesOneSignaturePerActiveSecretSpaceSeparated() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String s1 = Signatures.newSecret();
        String s2 = Signatures.newSecret();
        String header = Signatures.header(Arrays.asList(s1, null, s2), "evt_1", 10, body);
        assertEquals(List.of(Signatures.sign(s1, "evt_1", 10, body), Signatures.sign(s2, "evt_1", 10, body)),
                List.of(header.split(" ")));
    }
}
