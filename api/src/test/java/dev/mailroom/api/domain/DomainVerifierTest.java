package dev.mailroom.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimKeys;
import dev.mailroom.api.support.KnotServer;

/** Verification against a real authoritative server (Knot DNS) serving correct, missing and wrong records. */
class DomainVerifierTest {

    private static final DnsRecords RECORDS = new DnsRecords(new DnsRecords.Settings("mx.mailroom.example", 10,
            List.of("ip4:203.0.113.7"), "-all", "quarantine", Optional.of("dmarc@mailroom.example"),
            Optional.of("20261123"), Optional.of("tls@mailroom.example"), 300));

    private static KnotServer knot;
    private static DomainVerifier verifier;
    private static List<DnsRecord> good;
    private static List<DnsRecord> missing;
    private static List<DnsRecord> wrong;

    @BeforeAll
    static void serveZones() {
        Assumptions.assumeTrue(KnotServer.binary().isPresent(), KnotServer.MISSING);
        good = expected("good.test");
        missing = expected("missing.test");
        wrong = expected("wrong.test");
        DkimKey other = DkimKeys.generate("wrong.test", "x", DkimKey.Algorithm.RSA_SHA256);
        StringBuilder zone = new StringBuilder();
        good.forEach(r -> zone.append(r.zoneLine(300)).append('\n'));
        // a tolerant reader: an Ed25519 record with spaces and without v= is the same key
        zone.append("missing.test. 300 IN TXT \"google-site-verification=abc\"\n");
        zone.append("wrong.test. 300 IN MX 10 mx.elsewhere.example.\n");
        zone.append("wrong.test. 300 IN TXT \"v=spf1 ~all\"\n");
        String wrongRsa = wrong.stream().filter(r -> r.name().startsWith("mr202611r.")).findFirst().orElseThrow()
                .name();
        zone.append(DnsRecord.txt(DnsRecord.Purpose.DKIM, wrongRsa, other.dnsRecord()).zoneLine(300)).append('\n');
        String wrongEd = wrong.stream().filter(r -> r.name().startsWith("mr202611e.")).findFirst().orElseThrow()
                .value().replace("v=DKIM1; ", "").replace("; p=", ";  p = ");
        zone.append(DnsRecord.txt(DnsRecord.Purpose.DKIM, "mr202611e._domainkey.wrong.test", wrongEd).zoneLine(300))
                .append('\n');
        zone.append("_dmarc.wrong.test. 300 IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc@mailroom.example\"\n");
        zone.append("_mta-sts.wrong.test. 300 IN TXT \"v=STSv1; id=20261123\"\n");
        zone.append("_mta-sts.wrong.test. 300 IN TXT \"v=STSv1; id=old\"\n");
        knot = KnotServer.start("test");
        knot.publish(zone.toString());
        verifier = new DomainVerifier(Optional.of(knot.address()), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (knot != null) {
            knot.close();
        }
    }

    private static List<DnsRecord> expected(String domain) {
        return RECORDS.records(domain, List.of(
                new DnsRecords.Key("mr202611r", DkimKeys.generate(domain, "mr202611r", DkimKey.Algorithm.RSA_SHA256)
                        .dnsRecord()),
                new DnsRecords.Key("mr202611e", DkimKeys.generate(domain, "mr202611e",
                        DkimKey.Algorithm.ED25519_SHA256).dnsRecord())));
    }

    private static Map<String, DomainVerifier.Check> byName(List<DomainVerifier.Check> checks) {
        return checks.stream().collect(Collectors.toMap(c -> c.purpose() + " " + c.name(), c -> c));
    }

    @Test
    void correctRecordsAreAllFound() {
        List<DomainVerifier.Check> checks = verifier.verify(good);
        assertEquals(7, checks.size());
        assertTrue(checks.stream().allMatch(c -> c.status().equals(DomainVerifier.FOUND)), checks.toString());
        assertEquals(good.stream().map(DnsRecord::value).toList(), checks.stream().map(c -> c.value()).toList());
    }

    @Test
    void absentRecordsAreMissingEvenBesideOtherTxtRecords() {
        List<DomainVerifier.Check> checks = verifier.verify(missing);
        assertTrue(checks.stream().allMatch(c -> c.status().equals(DomainVerifier.MISSING)), checks.toString());
        assertTrue(checks.stream().allMatch(c -> c.found().isEmpty()));
    }

    @Test
    void wrongRecordsAreDifferentAndSayWhatWasFound() {
        Map<String, DomainVerifier.Check> checks = byName(verifier.verify(wrong));
        DomainVerifier.Check mx = checks.get("mx wrong.test");
        assertEquals(DomainVerifier.DIFFERENT, mx.status());
        assertEquals(List.of("10 mx.elsewhere.example."), mx.found());

        DomainVerifier.Check spf = checks.get("spf wrong.test");
        assertEquals(DomainVerifier.DIFFERENT, spf.status());
        assertEquals(List.of("v=spf1 ~all"), spf.found());

        DomainVerifier.Check rsa = checks.get("dkim mr202611r._domainkey.wrong.test");
        assertEquals(DomainVerifier.DIFFERENT, rsa.status());
        assertTrue(rsa.detail().contains("another public key"), rsa.detail());
        assertTrue(rsa.found().get(0).startsWith("v=DKIM1; k=rsa; p=MII"), "the split strings are joined back");

        assertEquals(DomainVerifier.FOUND, checks.get("dkim mr202611e._domainkey.wrong.test").status(),
                "spacing and the optional v= tag do not matter");

        DomainVerifier.Check dmarc = checks.get("dmarc _dmarc.wrong.test");
        assertEquals(DomainVerifier.DIFFERENT, dmarc.status());
        assertTrue(dmarc.detail().contains("p="), dmarc.detail());

        DomainVerifier.Check sts = checks.get("mta-sts _mta-sts.wrong.test");
        assertEquals(DomainVerifier.DIFFERENT, sts.status());
        assertEquals(2, sts.found().size(), sts.toString());

        assertEquals(DomainVerifier.MISSING, checks.get("tls-rpt _smtp._tls.wrong.test").status());
    }

    @Test
    void anUnreachableResolverIsAnErrorNotAMissingRecord() {
        DomainVerifier nowhere = new DomainVerifier(Optional.of("127.0.0.1:9"), Duration.ofMillis(300));
        List<DomainVerifier.Check> checks = nowhere.verify(good.subList(0, 2));
        assertTrue(checks.stream().allMatch(c -> c.status().equals(DomainVerifier.ERROR)), checks.toString());
        assertTrue(checks.get(0).detail().startsWith("DNS lookup failed"), checks.get(0).detail());
    }
}
