package dev.mailroom.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ApiKeyVerifier} does, as tests (James-style contract): an implementation's test implements this
 * interface once, issuing and revoking keys in the store its verifier reads, and inherits every test. Shipped to the
 * other modules in platform's test-jar.
 */
public interface ApiKeyVerifierContract {

    Duration WAIT = Duration.ofSeconds(20);

    /** A key issued by {@link #issue}: its bearer token and the key id its {@link Caller} must carry. */
    record IssuedKey(String token, String keyId) {
    }

    /** The verifier under test. */
    ApiKeyVerifier verifier();

    /** A new valid key in the store: an admin key when {@code admin}, otherwise one for {@code domains}. */
    IssuedKey issue(List<String> domains, boolean admin);

    /** Revokes {@code key} in the store. */
    void revoke(IssuedKey key);

    /**
     * Lets a revocation take effect within the implementation's documented bound (for a caching verifier: its cache
     * lifetime passes); nothing when revocation is immediate.
     */
    void letRevocationTakeEffect();

    /**
     * Makes the store unable to answer, for the rest of this test; false when the implementation cannot simulate it
     * (the test that needs it is then skipped, not passed).
     */
    boolean makeStoreUnavailable();

    private Caller verify(String token) {
        return verifier().verify(token).await().atMost(WAIT);
    }

    @Test
    default void aValidKeyYieldsItsCallerWithIdAndDomains() {
        IssuedKey key = issue(List.of("contract.example", "Other.Example"), false);
        Caller caller = verify(key.token());
        assertNotNull(caller, "a valid key verifies");
        assertEquals(key.keyId(), caller.keyId());
        assertEquals(List.of("contract.example", "other.example"), caller.domains().stream().sorted().toList());
        assertFalse(caller.admin());
        assertTrue(caller.covers("contract.example"));
        assertFalse(caller.covers("elsewhere.example"));
    }

    @Test
    default void anAdminKeyYieldsAnAdminCaller() {
        IssuedKey key = issue(List.of(), true);
        Caller caller = verify(key.token());
        assertNotNull(caller, "a valid admin key verifies");
        assertEquals(key.keyId(), caller.keyId());
        assertTrue(caller.admin());
        assertTrue(caller.covers("any.example"));
    }

    @Test
    default void anUnknownTokenYieldsNoCaller() {
        assertNull(verify("mr_nosuchkey0_" + "A".repeat(43)));
    }

    @Test
    default void aKeyVerifiesOnlyWithItsWholeToken() {
        IssuedKey key = issue(List.of("contract.example"), false);
        assertNull(verify(key.token() + "x"), "a longer token");
        assertNull(verify(key.token().substring(0, key.token().length() - 1)), "a shorter token");
        assertNotNull(verify(key.token()), "the token itself still verifies");
    }

    @Test
    default void absentOrMalformedTokensYieldNoCallerNotAFailure() {
        for (String token : new String[] {null, "", " ", "two words", "line\r\nbreak", "mr_", "mr__x", "not-a-key"}) {
            assertNull(verify(token), () -> "token " + token);
        }
    }

    @Test
    default void aRevokedKeyStopsVerifying() {
        IssuedKey key = issue(List.of("contract.example"), false);
        IssuedKey other = issue(List.of("contract.example"), false);
        assertNotNull(verify(key.token()), "valid before its revocation");
        assertNotNull(verify(other.token()));
        revoke(key);
        letRevocationTakeEffect();
        assertNull(verify(key.token()), "revoked");
        assertNotNull(verify(other.token()), "another key is not revoked with it");
    }

    @Test
    default void aStoreThatCannotBeAskedFailsWithKeyCheckUnavailable() {
        IssuedKey key = issue(List.of("contract.example"), false);
        Assumptions.assumeTrue(makeStoreUnavailable(), "this implementation cannot make its store unavailable");
        RuntimeException e = assertThrows(RuntimeException.class, () -> verify(key.token()));
        assertInstanceOf(KeyCheckUnavailable.class, e);
    }
}
