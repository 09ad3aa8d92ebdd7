package dev.mailroom.mail.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class MasterKeyTest {

    private static String randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void sealedValuesOpenWithTheSameKeyAndContextOnly() throws Exception {
        String config = randomKey();
        MasterKey key = MasterKey.parse(config);
        byte[] secret = "-----BEGIN PRIVATE KEY-----\nsecret\n".getBytes(StandardCharsets.US_ASCII);
        String sealed = key.seal(secret, "mailroom-dkim:a.example/s1");
        assertTrue(sealed.startsWith("v1:"), sealed);
        assertFalse(sealed.contains("secret"));
        assertNotEquals(sealed, key.seal(secret, "mailroom-dkim:a.example/s1"), "a fresh nonce every time");
        assertArrayEquals(secret, key.open(sealed, "mailroom-dkim:a.example/s1"));
        assertArrayEquals(secret, MasterKey.parse(config).open(sealed, "mailroom-dkim:a.example/s1"));

        assertThrows(MasterKey.SealException.class, () -> key.open(sealed, "mailroom-dkim:b.example/s1"),
                "bound to its row");
        assertThrows(MasterKey.SealException.class,
                () -> MasterKey.parse(randomKey()).open(sealed, "mailroom-dkim:a.example/s1"), "another key");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[20] ^= 1;
        String altered = "v1:" + Base64.getEncoder().encodeToString(raw);
        assertThrows(MasterKey.SealException.class, () -> key.open(altered, "mailroom-dkim:a.example/s1"));
        assertThrows(MasterKey.SealException.class, () -> key.open("plain", "mailroom-dkim:a.example/s1"));
    }

    @Test
    void aMalformedKeyIsRefusedWithoutEchoingIt() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> MasterKey.parse(Base64.getEncoder().encodeToString(new byte[16])));
        assertTrue(shortKey.getMessage().contains("32 bytes"), shortKey.getMessage());
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> MasterKey.parse("not-base64-secret!!"));
        assertFalse(notBase64.getMessage().contains("not-base64-secret"), notBase64.getMessage());
    }
}
