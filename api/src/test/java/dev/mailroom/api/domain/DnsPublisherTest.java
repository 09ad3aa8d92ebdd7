package dev.mailroom.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimKeys;
import dev.mailroom.api.support.KnotServer;

/** RFC 2136 publication round trips against a real authoritative server (Knot DNS) that accepts TSIG-signed UPDATEs. */
class DnsPublisherTest {

    private static final DnsRecords RECORDS = new DnsRecords(new DnsRecords.Settings("mx.mailroom.example", 10,
            List.of("ip4:203.0.113.7"), "~all", "reject", Optional.of("dmarc@mailroom.example"), Optional.empty(),
            Optional.of("tls@mailroom.example"), 300));

    private static KnotServer knot;
    private static byte[] secret;
    private static DnsPublisher publisher;
    private static DomainVerifier verifier;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(KnotServer.binary().isPresent(), KnotServer.MISSING);
        secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        knot = KnotServer.start("example", Base64.getEncoder().encodeToString(secret));
        publisher = new DnsPublisher(Duration.ofSeconds(5));
        verifier = new DomainVerifier(Optional.of(knot.address()), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (knot != null) {
            knot.close();
        }
    }

    private static DnsPublisher.Target target(String zone, byte[] key) {
        return new DnsPublisher.Target(knot.address(), zone, KnotServer.UPDATE_KEY, "hmac-sha256", key);
    }

    private static List<DnsRecord> records(String domain, String... selectors) {
        return RECORDS.records(domain, java.util.Arrays.stream(selectors).map(s -> new DnsRecords.Key(s,
                DkimKeys.generate(domain, s, s.endsWith("e") ? DkimKey.Algorithm.ED25519_SHA256
                        : DkimKey.Algorithm.RSA_SHA256).dnsRecord())).toList());
    }

    private static void assertAllFound(List<DnsRecord> expected) {
        List<DomainVerifier.Check> checks = verifier.verify(expected);
        assertTrue(checks.stream().allMatch(c -> c.status().equals(DomainVerifier.FOUND)), checks.toString());
    }

    @Test
    void anEmptyZoneGetsEveryRecordAndASecondRunChangesNothing() throws Exception {
        List<DnsRecord> expected = records("fresh.example", "mr202611r", "mr202611e");
        List<DnsPublisher.Change> first = publisher.publish(target("example", secret), expected, List.of(), 300);
        assertEquals(6, first.size(), first.toString());
        assertTrue(first.stream().allMatch(c -> c.action().equals("add")), first.toString());
        assertAllFound(expected);

        long serial = knot.servedSerial();
        List<DnsPublisher.Change> second = publisher.publish(target("example", secret), expected, List.of(), 300);
        assertEquals(List.of(), second, "idempotent: nothing differs, nothing is sent");
        assertEquals(serial, knot.servedSerial(), "the zone did not change");
    }

    @Test
    void foreignRecordsAreReplacedButOtherTxtRecordsAreKept() throws Exception {
        knot.publish("""
                owned.example. 300 IN MX 5 mx.old-provider.example.
                owned.example. 300 IN TXT "v=spf1 include:_spf.old-provider.example -all"
                owned.example. 300 IN TXT "site-verification=keep-me"
                mr202611r._domainkey.owned.example. 300 IN TXT "v=DKIM1; k=rsa; p=OLDKEY"
                _dmarc.owned.example. 300 IN TXT "v=DMARC1; p=none"
                """);
        List<DnsRecord> expected = records("owned.example", "mr202611r");
        List<DnsPublisher.Change> changes = publisher.publish(target("example", secret), expected, List.of(), 300);
        assertTrue(changes.contains(new DnsPublisher.Change("delete", "owned.example", "TXT",
                "v=spf1 include:_spf.old-provider.example -all")), changes.toString());
        assertTrue(changes.contains(new DnsPublisher.Change("delete", "owned.example", "MX", null)), changes.toString());
        assertAllFound(expected);
        List<String> apex = txt("owned.example");
        assertEquals(2, apex.size(), apex.toString());
        assertTrue(apex.contains("site-verification=keep-me"), "the owner's other TXT record stays: " + apex);
        assertTrue(apex.contains(expected.get(1).value()), apex.toString());
        assertEquals(List.of(), publisher.publish(target("example", secret), expected, List.of(), 300));
    }

    @Test
    void retiredSelectorsAreRemovedAndANewOneAdded() throws Exception {
        List<DnsRecord> before = records("rotating.example", "mr202611r");
        publisher.publish(target("example", secret), before, List.of(), 300);
        List<DnsRecord> after = records("rotating.example", "mr202611r2");
        List<DnsPublisher.Change> changes = publisher.publish(target("example", secret), after,
                List.of("mr202611r._domainkey.rotating.example"), 300);
        assertEquals(List.of(new DnsPublisher.Change("add", "mr202611r2._domainkey.rotating.example", "TXT",
                after.get(2).value()), new DnsPublisher.Change("delete", "mr202611r._domainkey.rotating.example", "TXT",
                null)), changes);
        assertEquals(List.of(), txt("mr202611r._domainkey.rotating.example"));
        assertAllFound(after);
    }

    @Test
    void aWrongSecretIsRefusedWithAReason() {
        byte[] wrong = new byte[32];
        DnsPublisher.PublishException e = assertThrows(DnsPublisher.PublishException.class,
                () -> publisher.publish(target("example", wrong), records("denied.example"), List.of(), 300));
        assertTrue(e.getMessage().contains("NOTAUTH") || e.getMessage().contains("BADSIG")
                || e.getMessage().contains("TSIG"), e.getMessage());
    }

    /** Every TXT value at {@code name} (as the verifier reports competing values). */
    private static List<String> txt(String name) {
        return verifier.verify(List.of(DnsRecord.txt(DnsRecord.Purpose.DKIM, name, "v=DKIM1; p=none"))).get(0)
                .found();
    }
}
