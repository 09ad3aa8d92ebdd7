package dev.mailroom.mail.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Bouncy Castle's Ed25519 signing (the fast path) against the JDK's provider, which stays the reference. */
class Ed25519SigningTest {

    private static byte[] jdkSign(DkimKey key, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.privateKey());
        s.update(message);
        return s.sign();
    }

    private static boolean jdkVerify(DkimKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key.publicKey());
        s.update(message);
        return s.verify(signature);
    }

    @Test
    void sameSignatureAsTheJdkForManyKeysAndMessages() throws GeneralSecurityException {
        Random random = new Random(8463);
        for (int k = 0; k < 5; k++) {
            DkimKey key = DkimKeys.generate("example.com", "ed" + k, DkimKey.Algorithm.ED25519_SHA256);
            for (int length : new int[] {0, 1, 32, 33, 1000}) {
                byte[] message = new byte[length];
                random.nextBytes(message);
                byte[] fast = Ed25519.sign(key, message);
                assertNotNull(fast, "a generated key exposes its seed");
                assertEquals(64, fast.length);
                assertArrayEquals(jdkSign(key, message), fast, "key " + k + ", " + length + " bytes");
                assertTrue(jdkVerify(key, message, fast));
            }
        }
    }

    @Test
    void signatureOfOneKeyDoesNotVerifyUnderAnother() throws GeneralSecurityException {
        DkimKey one = DkimKeys.generate("example.com", "one", DkimKey.Algorithm.ED25519_SHA256);
        DkimKey other = DkimKeys.generate("example.com", "other", DkimKey.Algorithm.ED25519_SHA256);
        byte[] message = "relaxed header data".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertFalse(jdkVerify(other, message, Ed25519.sign(one, message)));
    }

    @Test
    void signingLeavesTheKeyUsable() throws GeneralSecurityException {
        // the seed copy is wiped after signing: the key itself must still sign the same bytes
        DkimKey key = DkimKeys.generate("example.com", "ed", DkimKey.Algorithm.ED25519_SHA256);
        byte[] message = {1, 2, 3};
        assertArrayEquals(Ed25519.sign(key, message), Ed25519.sign(key, message));
        assertArrayEquals(jdkSign(key, message), Ed25519.sign(key, message));
    }
}
