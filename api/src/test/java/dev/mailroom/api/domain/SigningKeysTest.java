package dev.mailroom.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.api.model.DomainKey;

class SigningKeysTest {

    private static long ids;

    private static DomainKey key(String selector, String algorithm, String status, String created,
            boolean published) {
        DomainKey k = new DomainKey();
        k.id = ++ids;
        k.domain = "d.example";
        k.selector = selector;
        k.algorithm = algorithm;
        k.status = status;
        k.createdAt = Instant.parse(created);
        k.publishedAt = published ? Instant.parse(created).plusSeconds(60) : null;
        return k;
    }

    private static List<String> selectors(List<DomainKey> keys) {
        return keys.stream().map(k -> k.selector).toList();
    }

    @Test
    void aNewDomainSignsWithItsActiveKeysEd25519FirstAndIsNotVerified() {
        List<DomainKey> chosen = SigningKeys.choose(List.of(
                key("r1", "rsa-sha256", DomainKey.ACTIVE, "2026-11-01T00:00:00Z", false),
                key("e1", "ed25519-sha256", DomainKey.ACTIVE, "2026-11-01T00:00:00Z", false)));
        assertEquals(List.of("e1", "r1"), selectors(chosen));
        assertFalse(SigningKeys.verified(chosen));
    }

    @Test
    void afterARotationTheRetiringKeysSignUntilTheirSuccessorsArePublished() {
        DomainKey oldR = key("r1", "rsa-sha256", DomainKey.RETIRING, "2026-10-01T00:00:00Z", true);
        DomainKey oldE = key("e1", "ed25519-sha256", DomainKey.RETIRING, "2026-10-01T00:00:00Z", true);
        DomainKey newR = key("r2", "rsa-sha256", DomainKey.ACTIVE, "2026-11-01T00:00:00Z", false);
        DomainKey newE = key("e2", "ed25519-sha256", DomainKey.ACTIVE, "2026-11-01T00:00:00Z", false);
        List<DomainKey> before = SigningKeys.choose(List.of(oldR, oldE, newR, newE));
        assertEquals(List.of("e1", "r1"), selectors(before));
        assertTrue(SigningKeys.verified(before), "the domain keeps sending during the rotation");

        newR.publishedAt = Instant.parse("2026-11-02T00:00:00Z");
        assertEquals(List.of("e1", "r2"), selectors(SigningKeys.choose(List.of(oldR, oldE, newR, newE))),
                "each algorithm switches once its new record is seen");
    }

    @Test
    void retiredKeysNeverSignAndAnUnpublishedSuccessorThenSignsUnverified() {
        DomainKey oldR = key("r1", "rsa-sha256", DomainKey.RETIRED, "2026-10-01T00:00:00Z", true);
        DomainKey newR = key("r2", "rsa-sha256", DomainKey.ACTIVE, "2026-11-01T00:00:00Z", false);
        List<DomainKey> chosen = SigningKeys.choose(List.of(oldR, newR));
        assertEquals(List.of("r2"), selectors(chosen));
        assertFalse(SigningKeys.verified(chosen));
        assertFalse(SigningKeys.verified(List.of()), "no keys: not verified");
    }
}
