package dev.mailroom.mail.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.mailroom.mail.crypto.MasterKey;

class SealedDkimKeysTest {

    private static MasterKey randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return MasterKey.parse(Base64.getEncoder().encodeToString(k));
    }

    @Test
    void aSealedKeyOpensIntoTheSameKeyForItsDomainAndSelectorOnly() throws Exception {
        MasterKey master = randomKey();
        for (DkimKey.Algorithm algorithm : DkimKey.Algorithm.values()) {
            DkimKey key = DkimKeys.generate("a.example", "s1", algorithm);
            String sealed = SealedDkimKeys.seal(master, key);
            assertFalse(sealed.contains("PRIVATE KEY"), "never in clear");
            DkimKey opened = SealedDkimKeys.open(master, "a.example", "s1", sealed);
            assertEquals(key.dnsRecord(), opened.dnsRecord());
            assertArrayEquals(key.privateKey().getEncoded(), opened.privateKey().getEncoded());
            assertThrows(MasterKey.SealException.class, () -> SealedDkimKeys.open(master, "b.example", "s1", sealed));
            assertThrows(MasterKey.SealException.class, () -> SealedDkimKeys.open(master, "a.example", "s2", sealed));
            assertThrows(MasterKey.SealException.class,
                    () -> SealedDkimKeys.open(randomKey(), "a.example", "s1", sealed));
        }
    }

    @Test
    void aSealedValueHoldingNoKeyIsRefused() {
        MasterKey master = randomKey();
        String sealed = master.seal("not a key".getBytes(), SealedDkimKeys.context("a.example", "s1"));
        assertThrows(MasterKey.SealException.class, () -> SealedDkimKeys.open(master, "a.example", "s1", sealed));
    }
}
