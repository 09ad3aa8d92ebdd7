package dev.mailroom.mail.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.contract.AgentRef;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ReplyTokenTest {

    private static final byte[] K1 = "0123456789abcdef-key-one".getBytes(StandardCharsets.UTF_8);
    private static final byte[] K2 = "fedcba9876543210-key-two".getBytes(StandardCharsets.UTF_8);
    private static final ReplyToken.Keys KEYS = new ReplyToken.Keys(Map.of("k1", K1), "k1");
    private static final AgentRef AGENT = new AgentRef("Support", "ticket-123");
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration MAX_AGE = Duration.ofDays(30);
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
            + "@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");

    private static String token() {
        return ReplyToken.sign(KEYS, AGENT, "Agents.Test", "Ann@Example.org", T0);
    }

    private static ReplyToken.Verification verify(ReplyToken.Keys keys, String id, String sender, Instant now) {
        return ReplyToken.verify(keys, id, "agents.test", sender, now, MAX_AGE, false);
    }

    private static String reason(ReplyToken.Verification v) {
        return assertInstanceOf(ReplyToken.Verification.Invalid.class, v, v.toString()).reason();
    }

    @Test
    void roundTripNamesTheExactInstanceAndIsALegalMessageId() {
        String id = token();
        assertTrue(DOT_ATOM.matcher(id).matches(), id);
        assertTrue(ReplyToken.looksLikeToken(id));
        ReplyToken.Verification.Valid v = assertInstanceOf(ReplyToken.Verification.Valid.class,
                verify(KEYS, id, "ann@example.org", T0.plusSeconds(60)));
        assertEquals(AGENT, v.agent());
        assertEquals(T0, v.issued());
        assertEquals("k1", v.keyId());
    }

    @Test
    void oddInstanceNamesSurviveBase32() {
        AgentRef odd = new AgentRef("Echo", "a.b+c=d_ü");
        String id = ReplyToken.sign(KEYS, odd, "agents.test", "x@y", T0);
        assertTrue(DOT_ATOM.matcher(id).matches(), id);
        assertEquals(odd, ((ReplyToken.Verification.Valid) verify(KEYS, id, "x@y", T0)).agent());
    }

    @Test
    void everyAlteredCharacterIsRefused() {
        String id = token();
        int at = id.indexOf('@');
        for (int i = 0; i < at; i++) {
            char c = id.charAt(i);
            if (c == '.') {
                continue;
            }
            char replacement = c == 'a' ? 'b' : 'a';
            String tampered = id.substring(0, i) + replacement + id.substring(i + 1);
            ReplyToken.Verification v = verify(KEYS, tampered, "ann@example.org", T0);
            assertInstanceOf(ReplyToken.Verification.Invalid.class, v, "position " + i + ": " + tampered);
        }
    }

    @Test
    void swappedInstanceWithTheOriginalMacIsABadSignature() {
        String id = token();
        String[] f = id.substring(0, id.indexOf('@')).split("\\.");
        f[4] = ReplyToken.base32("ticket-999".getBytes(StandardCharsets.UTF_8));
        String forged = String.join(".", f) + "@agents.test";
        assertEquals("bad-signature", reason(verify(KEYS, forged, "ann@example.org", T0)));
    }

    @Test
    void tokenFromAnotherSenderIsRefusedWhenBound() {
        assertEquals("bad-signature", reason(verify(KEYS, token(), "mallory@example.org", T0)));
    }

    @Test
    void unboundTokensAreRefusedUnlessAllowed() {
        String id = ReplyToken.sign(KEYS, AGENT, "agents.test", null, T0);
        assertEquals("unbound", reason(verify(KEYS, id, "anyone@example.org", T0)));
        assertInstanceOf(ReplyToken.Verification.Valid.class,
                ReplyToken.verify(KEYS, id, "agents.test", "anyone@example.org", T0, MAX_AGE, true));
    }

    @Test
    void otherDomainIsRefused() {
        String id = token();
        assertEquals("wrong-domain",
                reason(ReplyToken.verify(KEYS, id, "other.test", "ann@example.org", T0, MAX_AGE, false)));
        String moved = id.replace("@agents.test", "@other.test");
        assertEquals("bad-signature",
                reason(ReplyToken.verify(KEYS, moved, "other.test", "ann@example.org", T0, MAX_AGE, false)));
    }

    @Test
    void expiredAndFutureTokensAreRefused() {
        assertEquals("expired", reason(verify(KEYS, token(), "ann@example.org", T0.plus(MAX_AGE).plusSeconds(1))));
        assertInstanceOf(ReplyToken.Verification.Valid.class,
                verify(KEYS, token(), "ann@example.org", T0.plus(MAX_AGE)));
        assertEquals("not-yet-valid", reason(verify(KEYS, token(), "ann@example.org", T0.minus(Duration.ofHours(1)))));
    }

    @Test
    void rotationKeepsOldTokensValidWhileTheNewKeySigns() {
        String old = token();
        ReplyToken.Keys rotated = new ReplyToken.Keys(Map.of("k1", K1, "k2", K2), "k2");
        String fresh = ReplyToken.sign(rotated, AGENT, "agents.test", "ann@example.org", T0);
        assertTrue(fresh.startsWith("mr1.k2."), fresh);
        assertInstanceOf(ReplyToken.Verification.Valid.class, verify(rotated, old, "ann@example.org", T0));
        assertInstanceOf(ReplyToken.Verification.Valid.class, verify(rotated, fresh, "ann@example.org", T0));
        ReplyToken.Keys retired = new ReplyToken.Keys(Map.of("k2", K2), "k2");
        assertEquals("unknown-key", reason(verify(retired, old, "ann@example.org", T0)));
    }

    @Test
    void sameKeyIdWithAnotherSecretIsABadSignature() {
        ReplyToken.Keys impostor = new ReplyToken.Keys(Map.of("k1", K2), "k1");
        String forged = ReplyToken.sign(impostor, AGENT, "agents.test", "ann@example.org", T0);
        assertEquals("bad-signature", reason(verify(KEYS, forged, "ann@example.org", T0)));
    }

    @Test
    void garbageIsMalformedNotAnException() {
        for (String junk : new String[] { "mr1.", "mr1.k1.b.x.y.z@agents.test", "mr1.k1.q.a.a.1.a@d",
                "mr1.k1.b.1.a.1.aaaaaaaaaaaaaaaaaaaaaaaaaa@agents.test", "mr1.k1.b.aa.aa.zz!.aa@agents.test",
                "plain@example.org" }) {
            assertInstanceOf(ReplyToken.Verification.Invalid.class, verify(KEYS, junk, "a@b", T0), junk);
        }
    }

    @Test
    void base32RoundTripsAndRejectsNonCanonicalInput() {
        for (int n = 0; n < 40; n++) {
            byte[] data = new byte[n];
            for (int i = 0; i < n; i++) {
                data[i] = (byte) (i * 37 + n);
            }
            assertArrayEquals(data, ReplyToken.unbase32(ReplyToken.base32(data)));
        }
        assertEquals(null, ReplyToken.unbase32("ab")); // trailing bits not zero
        assertEquals(null, ReplyToken.unbase32("A0"));
    }

    @Test
    void weakOrMisnamedKeysAreRefusedAtConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new ReplyToken.Keys(Map.of("k1", new byte[8]), "k1"));
        assertThrows(IllegalArgumentException.class, () -> new ReplyToken.Keys(Map.of("K-1", K1), null));
        assertThrows(IllegalArgumentException.class, () -> new ReplyToken.Keys(Map.of("k1", K1), "k2"));
    }
}
