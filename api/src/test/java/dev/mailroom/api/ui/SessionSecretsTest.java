package dev.mailroom.api.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailroom.mail.crypto.MasterKey;

class SessionSecretsTest {

    private static final String KEY = "mr_k1_0123456789abcdef0123456789abcdef";

    private static MasterKey masterKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return MasterKey.parse(Base64.getEncoder().encodeToString(raw));
    }

    @Test
    void idsAre256RandomBitsInBase64UrlAndOnlyThatFormIsLookedUp() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = SessionSecrets.newId();
            assertTrue(SessionSecrets.wellFormed(id), id);
            assertEquals(32, Base64.getUrlDecoder().decode(id).length);
            assertTrue(seen.add(id));
        }
        assertFalse(SessionSecrets.wellFormed(null));
        assertFalse(SessionSecrets.wellFormed("short"));
        assertFalse(SessionSecrets.wellFormed(SessionSecrets.newId().substring(1) + "+"));
        assertFalse(SessionSecrets.wellFormed(SessionSecrets.newId() + "a"));
    }

    @Test
    void theCsrfTokenIsDerivedFromTheIdAndComparedExactly() {
        String id = SessionSecrets.newId();
        String token = SessionSecrets.csrfToken(id);
        assertEquals(token, SessionSecrets.csrfToken(id), "the same for the whole session: nothing stored");
        assertNotEquals(token, SessionSecrets.csrfToken(SessionSecrets.newId()));
        assertFalse(token.contains(id) || id.contains(token));
        assertTrue(SessionSecrets.csrfMatches(id, token));
        assertFalse(SessionSecrets.csrfMatches(id, null));
        assertFalse(SessionSecrets.csrfMatches(id, ""));
        assertFalse(SessionSecrets.csrfMatches(id, token.substring(1)));
        assertFalse(SessionSecrets.csrfMatches(id, SessionSecrets.hash(id)), "the stored hash is not the token");
    }

    @Test
    void theSealedKeyOpensOnlyWithItsSessionId() throws Exception {
        String id = SessionSecrets.newId();
        String sealed = SessionSecrets.seal(id, KEY, Optional.empty());
        assertTrue(sealed.startsWith("s1:"), sealed);
        assertFalse(sealed.contains("0123456789abcdef"), sealed);
        assertNotEquals(sealed, SessionSecrets.seal(id, KEY, Optional.empty()), "a fresh nonce each time");
        assertEquals(KEY, SessionSecrets.open(id, sealed, Optional.empty()));
        assertThrows(SessionSecrets.Unsealable.class,
                () -> SessionSecrets.open(SessionSecrets.newId(), sealed, Optional.empty()));
        assertThrows(SessionSecrets.Unsealable.class,
                () -> SessionSecrets.open(SessionSecrets.hash(id), sealed, Optional.empty()),
                "the stored hash does not open it");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String altered = "s1:" + Base64.getEncoder().encodeToString(raw);
        assertThrows(SessionSecrets.Unsealable.class, () -> SessionSecrets.open(id, altered, Optional.empty()));
    }

    @Test
    void withAMasterKeyTheKeyIsSealedTwice() throws Exception {
        MasterKey master = masterKey();
        String id = SessionSecrets.newId();
        String sealed = SessionSecrets.seal(id, KEY, Optional.of(master));
        assertTrue(sealed.startsWith("v1:"), sealed);
        assertEquals(KEY, SessionSecrets.open(id, sealed, Optional.of(master)));
        assertThrows(SessionSecrets.Unsealable.class, () -> SessionSecrets.open(id, sealed, Optional.empty()));
        assertThrows(SessionSecrets.Unsealable.class, () -> SessionSecrets.open(id, sealed, Optional.of(masterKey())));
        assertThrows(SessionSecrets.Unsealable.class,
                () -> SessionSecrets.open(SessionSecrets.newId(), sealed, Optional.of(master)));
        // a session sealed before the master key was configured still opens
        String before = SessionSecrets.seal(id, KEY, Optional.empty());
        assertEquals(KEY, SessionSecrets.open(id, before, Optional.of(master)));
    }
}
