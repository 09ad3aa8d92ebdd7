package dev.mailroom.router.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Authentication;
import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimSigner;
import dev.mailroom.mail.dns.DnsResolver;
import dev.mailroom.mail.dns.DnsResult;
import dev.mailroom.mail.dns.MxHost;
import dev.mailroom.mail.dns.InMemoryDnsResolver;

class AuthenticationCheckerTest {

    private static final String MESSAGE = "From: Alice <alice@example.org>\r\nTo: bob@agents.test\r\n"
            + "Subject: hi\r\n\r\nhello\r\n";

    private static byte[] signed(KeyPair ed) throws Exception {
        DkimKey key = new DkimKey("example.org", "ed", DkimKey.Algorithm.ED25519_SHA256, ed.getPrivate(),
                ed.getPublic());
        return new DkimSigner(Clock.systemUTC()).sign(MESSAGE.getBytes(StandardCharsets.US_ASCII),
                java.util.List.of(key), DkimSigner.Options.DEFAULT.headers(java.util.List.of("from", "to", "subject")));
    }

    @Test
    void alignedSpfAndDkimPassDmarcAndFillTheHeader() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = ed.getPublic().getEncoded();
        InMemoryDnsResolver dns = new InMemoryDnsResolver()
                .add("bounce.example.org", "TXT", "v=spf1 ip4:192.0.2.0/24 -all")
                .add("ed._domainkey.example.org", "TXT", "v=DKIM1; k=ed25519; p="
                        + Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length)))
                .add("_dmarc.example.org", "TXT", "v=DMARC1; p=reject");
        AuthenticationChecker checker = new AuthenticationChecker(true, "mx.test", Duration.ofSeconds(5), dns,
                Clock.systemUTC());
        Authentication a = checker.check("192.0.2.7", "mail.example.org", "news@bounce.example.org", signed(ed),
                "example.org").await().atMost(Duration.ofSeconds(5));
        assertEquals("pass", a.spf().result());
        assertEquals("pass", a.dkim().get(0).result());
        assertEquals("pass", a.dmarc().result());
        assertEquals("reject", a.dmarc().policy());
        assertEquals("mx.test; spf=pass smtp.mailfrom=bounce.example.org; dkim=pass header.d=example.org "
                + "header.s=ed header.a=ed25519-sha256; dmarc=pass (p=reject) header.from=example.org", a.header());

        Authentication spoofed = checker.check("198.51.100.1", "evil.example", "x@bounce.example.org",
                MESSAGE.getBytes(StandardCharsets.US_ASCII), "example.org").await().atMost(Duration.ofSeconds(5));
        assertEquals("fail", spoofed.spf().result());
        assertTrue(spoofed.dkim().isEmpty());
        assertEquals("fail", spoofed.dmarc().result());
    }

    @Test
    void nullSenderChecksTheHeloIdentity() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().add("mx.example.net", "TXT", "v=spf1 a -all")
                .add("mx.example.net", "A", "203.0.113.5");
        AuthenticationChecker checker = new AuthenticationChecker(true, "mx.test", Duration.ofSeconds(5), dns,
                Clock.systemUTC());
        Authentication a = checker.checkNow("203.0.113.5", "mx.example.net", "", MESSAGE.getBytes(), null);
        assertEquals("pass", a.spf().result());
        assertEquals("mx.example.net", a.spf().domain());
        assertTrue(a.header().contains("spf=pass smtp.helo=mx.example.net"), a.header());
        assertEquals("example.org", a.dmarc().domain(), "From domain read from the message");
    }

    @Test
    void multipleFromFieldsArePermerror() {
        AuthenticationChecker checker = new AuthenticationChecker(true, "mx.test", Duration.ofSeconds(5),
                new InMemoryDnsResolver(), Clock.systemUTC());
        Authentication a = checker.checkNow("192.0.2.1", "h.example", "a@example.org",
                ("From: a@example.org\r\nFrom: b@other.example\r\n\r\nx\r\n").getBytes(), "example.org");
        assertEquals("permerror", a.dmarc().result());
    }

    @Test
    void disabledGivesNoneWithoutDns() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        AuthenticationChecker checker = new AuthenticationChecker(false, "mx.test", Duration.ofSeconds(5), dns,
                Clock.systemUTC());
        Authentication a = checker.check("192.0.2.1", "h.example", "a@example.org", MESSAGE.getBytes(),
                "example.org").await().atMost(Duration.ofSeconds(1));
        assertEquals("none", a.spf().result());
        assertEquals("none", a.dmarc().result());
        assertTrue(a.dkim().isEmpty());
        assertEquals(0, dns.queryCount());
    }

    @Test
    void hangingDnsEndsInTemperrorWithinTheTimeout() {
        DnsResolver hanging = new DnsResolver() {
            private <T> DnsResult<T> hang() {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return DnsResult.tempError("interrupted");
            }

            @Override
            public DnsResult<String> txt(String name) {
                return hang();
            }

            @Override
            public DnsResult<InetAddress> a(String name) {
                return hang();
            }

            @Override
            public DnsResult<InetAddress> aaaa(String name) {
                return hang();
            }

            @Override
            public DnsResult<MxHost> mx(String name) {
                return hang();
            }

            @Override
            public DnsResult<String> ptr(InetAddress address) {
                return hang();
            }
        };
        AuthenticationChecker checker = new AuthenticationChecker(true, "mx.test", Duration.ofMillis(500), hanging,
                Clock.systemUTC());
        long start = System.nanoTime();
        Authentication a = checker.check("192.0.2.1", "h.example", "a@example.org", MESSAGE.getBytes(),
                "example.org").await().atMost(Duration.ofSeconds(5));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("temperror", a.spf().result());
        assertEquals("temperror", a.dmarc().result());
        assertTrue(ms < 3000, "took " + ms + " ms");
    }

    @Test
    void temporaryDnsFailureIsTemperrorNotAnException() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().errorWhenNameContains("example.org.");
        AuthenticationChecker checker = new AuthenticationChecker(true, "mx.test", Duration.ofSeconds(5), dns,
                Clock.systemUTC());
        Authentication a = checker.checkNow("192.0.2.1", "h.example", "a@example.org", MESSAGE.getBytes(),
                "example.org");
        assertEquals("temperror", a.spf().result());
        assertEquals("temperror", a.dmarc().result());
        assertEquals("none", checker.checkNow("not-an-ip", "h.example", "a@example.org", MESSAGE.getBytes(),
                "example.org").spf().result());
    }
}
