package dev.mailroom.mail.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Authentication;
import dev.mailroom.mail.dns.InMemoryDnsResolver;

/** Sign with the signer and freshly generated RSA and Ed25519 keys (every canonicalisation, l=, x=, i=), verify, and check that each kind of tampering is caught. */
class DkimRoundTripTest {

    private static final byte[] MESSAGE = ("From: Alice <alice@example.org>\r\nTo: bob@example.net\r\n"
            + "Subject:  Hello   there \r\nDate: Mon, 1 Jun 2026 10:00:00 +0000\r\n\r\nHi Bob,\r\n\r\n"
            + "lunch?  \r\n\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final List<String> HEADERS = List.of("from", "to", "subject", "date");

    private static KeyPair rsa;
    private static KeyPair ed;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static String rsaRecord(PublicKey key) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private static String edRecord(PublicKey key) {
        byte[] spki = key.getEncoded();
        return "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(
                Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    private static InMemoryDnsResolver dns() {
        return new InMemoryDnsResolver()
                .add("rsa._domainkey.example.org", "TXT", rsaRecord(rsa.getPublic()))
                .add("ed._domainkey.example.org", "TXT", edRecord(ed.getPublic()));
    }

    private static String verify(byte[] message) {
        return verify(message, dns(), Clock.systemUTC());
    }

    private static String verify(byte[] message, InMemoryDnsResolver dns, Clock clock) {
        List<Authentication.Dkim> r = new DkimVerifier(dns, clock).verify(message);
        assertEquals(1, r.size(), "one signature expected: " + r);
        return r.get(0).result();
    }

    private static byte[] rsaSigned(byte[] message, String canon, List<String> headers) {
        return rsaSigned(message, DkimSigner.Options.DEFAULT.canonicalization(canon).headers(headers),
                Clock.systemUTC());
    }

    private static byte[] rsaSigned(byte[] message, DkimSigner.Options options, Clock clock) {
        DkimKey key = new DkimKey("example.org", "rsa", DkimKey.Algorithm.RSA_SHA256, rsa.getPrivate(),
                rsa.getPublic());
        return new DkimSigner(clock).sign(message, List.of(key), options);
    }

    private static byte[] edit(byte[] message, String from, String to) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void freshRsaSignatureVerifiesInEveryCanonicalization() throws Exception {
        for (String canon : List.of("simple/simple", "simple/relaxed", "relaxed/simple", "relaxed/relaxed")) {
            assertEquals("pass", verify(rsaSigned(MESSAGE, canon, HEADERS)), canon);
        }
    }

    @Test
    void freshEd25519SignatureVerifiesAndTamperingFails() throws Exception {
        DkimKey key = new DkimKey("example.org", "ed", DkimKey.Algorithm.ED25519_SHA256, ed.getPrivate(),
                ed.getPublic());
        byte[] signed = new DkimSigner(Clock.systemUTC()).sign(MESSAGE, List.of(key),
                DkimSigner.Options.DEFAULT.headers(HEADERS));
        assertEquals("pass", verify(signed));
        assertEquals("fail", verify(edit(signed, "lunch?", "dinner?")));
        assertEquals("fail", verify(edit(signed, "Subject:  Hello", "Subject:  Bye")));
    }

    @Test
    void relaxedToleratesWhitespaceChangesSimpleDoesNot() throws Exception {
        byte[] relaxed = rsaSigned(MESSAGE, "relaxed/relaxed", HEADERS);
        assertEquals("pass", verify(edit(relaxed, "Subject:  Hello   there ", "subject: Hello there")));
        assertEquals("pass", verify(edit(relaxed, "lunch?  \r\n", "lunch?\r\n")));
        byte[] simple = rsaSigned(MESSAGE, "simple/simple", HEADERS);
        assertEquals("fail", verify(edit(simple, "Subject:  Hello   there ", "subject: Hello there")));
        assertEquals("fail", verify(edit(simple, "lunch?  \r\n", "lunch?\r\n")));
        assertEquals("pass", verify(edit(simple, "lunch?  \r\n\r\n\r\n", "lunch?  \r\n")), "trailing empty lines");
    }

    @Test
    void oversignedFromRejectsAnAddedFrom() throws Exception {
        byte[] signed = rsaSigned(MESSAGE, "relaxed/relaxed", List.of("from", "from", "to", "subject"));
        assertEquals("pass", verify(signed));
        assertEquals("fail", verify(edit(signed, "From: Alice", "From: Mallory <m@evil.example>\r\nFrom: Alice")));
        byte[] notOversigned = rsaSigned(MESSAGE, "relaxed/relaxed", List.of("from", "to", "subject"));
        assertEquals("fail", verify(edit(notOversigned, "To: bob", "From: Mallory <m@evil.example>\r\nTo: bob")),
                "a From added below the signed one is the one verified");
    }

    @Test
    void bodyLengthLimitAllowsAppendedTextOnly() throws Exception {
        byte[] signed = rsaSigned(MESSAGE, DkimSigner.Options.DEFAULT.headers(HEADERS).bodyLength(10),
                Clock.systemUTC());
        assertEquals("pass", verify(DkimTestSupport.concat(signed, "appended\r\n".getBytes())));
        assertEquals("fail", verify(edit(signed, "Hi Bob", "Hi Eve")));
    }

    @Test
    void expiryUsesTheInjectedClock() throws Exception {
        byte[] signed = rsaSigned(MESSAGE,
                DkimSigner.Options.DEFAULT.headers(HEADERS).validity(java.time.Duration.ofSeconds(1000)),
                Clock.fixed(Instant.ofEpochSecond(1000), ZoneOffset.UTC));
        assertEquals("pass", verify(signed, dns(), Clock.fixed(Instant.ofEpochSecond(1500), ZoneOffset.UTC)));
        assertEquals("fail", verify(signed, dns(), Clock.fixed(Instant.ofEpochSecond(2001), ZoneOffset.UTC)));
    }

    @Test
    void keyRecordRulesAreEnforced() throws Exception {
        byte[] signed = rsaSigned(MESSAGE,
                DkimSigner.Options.DEFAULT.headers(HEADERS).identity("@news.example.org"), Clock.systemUTC());
        String p = rsaRecord(rsa.getPublic());
        assertEquals("pass", verify(signed, new InMemoryDnsResolver().add("rsa._domainkey.example.org", "TXT", p),
                Clock.systemUTC()));
        assertEquals("permerror", verify(signed, new InMemoryDnsResolver()
                .add("rsa._domainkey.example.org", "TXT", p + "; t=s"), Clock.systemUTC()), "t=s with subdomain i=");
        assertEquals("permerror", verify(signed, new InMemoryDnsResolver()
                .add("rsa._domainkey.example.org", "TXT", p + "; h=sha1"), Clock.systemUTC()), "h= excludes sha256");
        assertEquals("permerror", verify(signed, new InMemoryDnsResolver()
                .add("rsa._domainkey.example.org", "TXT", "v=DKIM1; k=rsa; p="), Clock.systemUTC()), "revoked");
        assertEquals("permerror", verify(signed, new InMemoryDnsResolver(), Clock.systemUTC()), "no key");
        assertEquals("temperror", verify(signed, new InMemoryDnsResolver().errorWhenNameContains("_domainkey."),
                Clock.systemUTC()), "dns failure");
        assertEquals("permerror", verify(signed, new InMemoryDnsResolver()
                .add("rsa._domainkey.example.org", "TXT", edRecord(ed.getPublic())), Clock.systemUTC()),
                "key type mismatch");
    }

    @Test
    void malformedSignaturesArePermerrors() throws Exception {
        byte[] signed = rsaSigned(MESSAGE, "relaxed/relaxed", HEADERS);
        assertEquals("permerror", verify(edit(signed, "v=1;", "v=2;")));
        assertEquals("permerror", verify(edit(signed, "a=rsa-sha256", "a=rsa-md5")));
        assertEquals("permerror", verify(edit(signed, "d=example.org;", "d=example.org; i=@other.org;")));
        assertEquals("permerror", verify(edit(signed, "s=rsa;", "s=rsa; s=rsa;")));
    }
}
