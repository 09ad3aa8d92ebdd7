package dev.mailroom.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimKeys;

class DnsRecordsTest {

    private static DnsRecords.Settings settings(List<String> spf, Optional<String> rua, Optional<String> sts,
            Optional<String> tlsRpt) {
        return new DnsRecords.Settings("MX.Example.NET.", 10, spf, "-all", "quarantine", rua, sts, tlsRpt, 3600);
    }

    @Test
    void recordsOfADomainInZoneOrder() {
        DnsRecords records = new DnsRecords(settings(List.of("ip4:203.0.113.7", "include:_spf.relay.example"),
                Optional.of("dmarc@example.org"), Optional.empty(), Optional.empty()));
        List<DnsRecord> list = records.records("shop.example", List.of(
                new DnsRecords.Key("mr202611r", "v=DKIM1; k=rsa; p=AAAA"),
                new DnsRecords.Key("mr202611e", "v=DKIM1; k=ed25519; p=BBBB")));
        assertEquals(List.of(
                "MX shop.example 10 mx.example.net.",
                "TXT shop.example v=spf1 ip4:203.0.113.7 include:_spf.relay.example -all",
                "TXT mr202611r._domainkey.shop.example v=DKIM1; k=rsa; p=AAAA",
                "TXT mr202611e._domainkey.shop.example v=DKIM1; k=ed25519; p=BBBB",
                "TXT _dmarc.shop.example v=DMARC1; p=quarantine; rua=mailto:dmarc@example.org"),
                list.stream().map(r -> r.type() + " " + r.name() + " " + r.value()).toList());
        assertEquals(List.of("mx", "spf", "dkim", "dkim", "dmarc"), list.stream().map(r -> r.purpose().tag()).toList());
    }

    @Test
    void mtaStsAndTlsRptOnlyWhenConfigured() {
        DnsRecords records = new DnsRecords(settings(List.of("mx"), Optional.empty(), Optional.of("20261123a"),
                Optional.of("tls@example.org")));
        List<DnsRecord> list = records.records("shop.example", List.of());
        assertEquals("v=DMARC1; p=quarantine", list.get(2).value(), "no rua when none is configured");
        assertEquals("_mta-sts.shop.example", list.get(3).name());
        assertEquals("v=STSv1; id=20261123a", list.get(3).value());
        assertEquals("_smtp._tls.shop.example", list.get(4).name());
        assertEquals("v=TLSRPTv1; rua=mailto:tls@example.org", list.get(4).value());
    }

    @Test
    void anRsa2048KeyRecordIsSplitInto255OctetStrings() {
        DkimKey key = DkimKeys.generate("shop.example", "mr202611r", DkimKey.Algorithm.RSA_SHA256);
        DnsRecord r = DnsRecord.txt(DnsRecord.Purpose.DKIM, key.dnsName(), key.dnsRecord());
        assertTrue(key.dnsRecord().length() > 255, "an RSA-2048 record does not fit one string");
        List<byte[]> strings = DnsRecord.characterStrings(r.value());
        assertEquals(2, strings.size());
        assertEquals(255, strings.get(0).length);
        assertEquals(key.dnsRecord(), new String(strings.get(0), StandardCharsets.US_ASCII)
                + new String(strings.get(1), StandardCharsets.US_ASCII), "the strings concatenate to the value");
        List<String> quoted = DnsRecord.quotedStrings(r.value());
        assertEquals(257, quoted.get(0).length(), "255 octets and two quotes");
        assertEquals(String.join(" ", quoted), r.rdata());
        assertTrue(r.rdata().startsWith("\"v=DKIM1; k=rsa; p=MIIBIjAN"), r.rdata());
        assertEquals(key.dnsName() + ".\t3600\tIN\tTXT\t" + r.rdata(), r.zoneLine(3600));
    }

    @Test
    void exactly255OctetsStayOneStringAnd256MakeTwo() {
        assertEquals(1, DnsRecord.characterStrings("a".repeat(255)).size());
        assertEquals(List.of(255, 1), DnsRecord.characterStrings("a".repeat(256)).stream().map(b -> b.length)
                .toList());
        assertEquals(List.of("\"\""), DnsRecord.quotedStrings(""), "an empty TXT is one empty string");
    }

    @Test
    void quotesBackslashesAndNonAsciiAreEscaped() {
        assertEquals(List.of("\"a\\\"b\\\\c\\195\\169\\009\""), DnsRecord.quotedStrings("a\"b\\cé\t"));
        // splitting counts octets before escaping: 254 'a' and a 2-octet é fill 256 octets
        List<String> split = DnsRecord.quotedStrings("a".repeat(254) + "é");
        assertEquals(2, split.size());
        assertTrue(split.get(0).endsWith("a\\195\""), split.get(0));
        assertEquals("\"\\169\"", split.get(1));
    }

    @Test
    void zoneFileRendering() {
        DnsRecords records = new DnsRecords(settings(List.of("mx"), Optional.empty(), Optional.empty(),
                Optional.empty()));
        String zone = records.zone("shop.example", records.records("shop.example", List.of()),
                Instant.parse("2026-11-23T10:00:00Z"));
        assertEquals("""
                ; Mailroom records for shop.example, generated 2026-11-23T10:00:00Z
                ; MX: inbound mail; SPF, DKIM, DMARC: authentication of outbound mail
                shop.example.\t3600\tIN\tMX\t10 mx.example.net.
                shop.example.\t3600\tIN\tTXT\t"v=spf1 mx -all"
                _dmarc.shop.example.\t3600\tIN\tTXT\t"v=DMARC1; p=quarantine"
                """, zone);
    }

    @Test
    void invalidSettingsNameTheirProperty() {
        assertMessage("spf-mechanisms", () -> settings(List.of("ip4:1.2.3.4", "bogus stuff"), Optional.empty(),
                Optional.empty(), Optional.empty()));
        assertMessage("spf-all", () -> new DnsRecords.Settings("mx.example", 10, List.of(), "+all", "none",
                Optional.empty(), Optional.empty(), Optional.empty(), 3600));
        assertMessage("dmarc-policy", () -> new DnsRecords.Settings("mx.example", 10, List.of(), "~all", "block",
                Optional.empty(), Optional.empty(), Optional.empty(), 3600));
        assertMessage("dmarc-rua", () -> settings(List.of(), Optional.of("not an address"), Optional.empty(),
                Optional.empty()));
        assertMessage("mta-sts-id", () -> settings(List.of(), Optional.empty(), Optional.of("2026-11"),
                Optional.empty()));
        assertMessage("mx-host", () -> new DnsRecords.Settings("mx host", 10, List.of(), "~all", "none",
                Optional.empty(), Optional.empty(), Optional.empty(), 3600));
    }

    @Test
    void spfMechanismsOfEveryKindAreAccepted() {
        DnsRecords records = new DnsRecords(new DnsRecords.Settings("mx.example", 5, List.of("ip4:192.0.2.0/24",
                "ip6:2001:db8::/32", "a", "a:out.example/28", "mx", "include:_spf.google.com", "~exists:%{i}.x.example"),
                "~all", "reject", Optional.of("mailto:d@example.org"), Optional.empty(),
                Optional.of("https://tls.example/report"), 300));
        assertEquals("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a a:out.example/28 mx include:_spf.google.com"
                + " ~exists:%{i}.x.example ~all", records.spf());
        assertEquals("v=DMARC1; p=reject; rua=mailto:d@example.org", records.dmarc());
        assertEquals("v=TLSRPTv1; rua=https://tls.example/report", records.records("d.example", List.of())
                .get(3).value());
    }

    private static void assertMessage(String fragment, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
