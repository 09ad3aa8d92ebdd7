package dev.mailroom.mail.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Authentication;
import dev.mailroom.mail.dns.InMemoryDnsResolver;

class DmarcEvaluatorTest {

    private static Authentication.Spf spf(String result, String domain) {
        return new Authentication.Spf(result, domain, null);
    }

    private static List<Authentication.Dkim> dkim(String result, String domain) {
        return List.of(new Authentication.Dkim(result, domain, "s", "rsa-sha256", null));
    }

    @Test
    void organizationalDomainUsesThePublicSuffixList() {
        assertEquals("example.co.uk", OrganizationalDomain.of("mail.news.example.co.uk"));
        assertEquals("example.com", OrganizationalDomain.of("a.b.example.com."));
        assertEquals("example.com", OrganizationalDomain.of("example.com"));
    }

    @Test
    void relaxedAlignmentAcceptsSubdomainsStrictDoesNot() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver()
                .add("_dmarc.example.com", "TXT", "v=DMARC1; p=reject")
                .add("_dmarc.strict.example", "TXT", "v=DMARC1; p=quarantine; adkim=s; aspf=s");
        DmarcEvaluator dmarc = new DmarcEvaluator(dns);

        Authentication.Dmarc relaxed = dmarc.evaluate("example.com", spf("pass", "bounce.example.com"),
                dkim("pass", "mail.example.com")).verdict();
        assertEquals("pass", relaxed.result());
        assertTrue(relaxed.spfAligned());
        assertTrue(relaxed.dkimAligned());
        assertEquals("reject", relaxed.policy());

        Authentication.Dmarc strict = dmarc.evaluate("strict.example", spf("pass", "bounce.strict.example"),
                dkim("pass", "mail.strict.example")).verdict();
        assertEquals("fail", strict.result());
        assertFalse(strict.spfAligned());
        assertFalse(strict.dkimAligned());
        assertEquals("quarantine", strict.policy());

        Authentication.Dmarc strictExact = dmarc.evaluate("strict.example", spf("fail", "strict.example"),
                dkim("pass", "strict.example")).verdict();
        assertEquals("pass", strictExact.result());
        assertTrue(strictExact.dkimAligned());
    }

    @Test
    void unrelatedOrFailingIdentifiersDoNotAlign() {
        DmarcEvaluator dmarc = new DmarcEvaluator(
                new InMemoryDnsResolver().add("_dmarc.example.com", "TXT", "v=DMARC1; p=none"));
        Authentication.Dmarc d = dmarc.evaluate("example.com", spf("pass", "other.org"),
                List.of(new Authentication.Dkim("pass", "other.org", "s", "rsa-sha256", null),
                        new Authentication.Dkim("fail", "example.com", "s", "rsa-sha256", null))).verdict();
        assertEquals("fail", d.result());
        assertEquals("none", d.policy());
    }

    @Test
    void subdomainFallsBackToTheOrganizationalRecordAndItsSubdomainPolicy() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver()
                .add("_dmarc.example.co.uk", "TXT", "v=DMARC1; p=reject; sp=quarantine");
        DmarcOutcome out = new DmarcEvaluator(dns).evaluate("news.example.co.uk", spf("softfail", "x.org"),
                List.of());
        assertEquals("fail", out.verdict().result());
        assertEquals("quarantine", out.verdict().policy());
        assertEquals("record at _dmarc.example.co.uk", out.detail());
    }

    @Test
    void noRecordIsNoneDnsFailureIsTemperrorBrokenRecordIsPermerror() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver()
                .add("_dmarc.broken.example", "TXT", "v=DMARC1; p=sometimes")
                .add("_dmarc.two.example", "TXT", "v=DMARC1; p=reject")
                .add("_dmarc.two.example", "TXT", "v=DMARC1; p=none")
                .add("_dmarc.other.example", "TXT", "some other text")
                .errorWhenNameContains("down.example.");
        DmarcEvaluator dmarc = new DmarcEvaluator(dns);
        assertEquals("none", dmarc.evaluate("nothing.example", spf("pass", "nothing.example"), List.of())
                .verdict().result());
        assertEquals("none", dmarc.evaluate("other.example", spf("pass", "other.example"), List.of())
                .verdict().result());
        assertEquals("none", dmarc.evaluate("two.example", spf("pass", "two.example"), List.of())
                .verdict().result());
        assertEquals("temperror", dmarc.evaluate("down.example", spf("pass", "down.example"), List.of())
                .verdict().result());
        assertEquals("permerror", dmarc.evaluate("broken.example", spf("pass", "broken.example"), List.of())
                .verdict().result());
    }

    @Test
    void invalidPolicyWithReportAddressActsAsNone() {
        DmarcEvaluator dmarc = new DmarcEvaluator(new InMemoryDnsResolver()
                .add("_dmarc.example.com", "TXT", "v=DMARC1; p=bogus; rua=mailto:d@example.com"));
        Authentication.Dmarc d = dmarc.evaluate("example.com", spf("pass", "example.com"), List.of()).verdict();
        assertEquals("pass", d.result());
        assertEquals("none", d.policy());
    }

    @Test
    void severalFromDomainsTakeTheStrictestVerdict() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver()
                .add("_dmarc.good.example", "TXT", "v=DMARC1; p=reject")
                .add("_dmarc.bad.example", "TXT", "v=DMARC1; p=reject");
        DmarcOutcome out = new DmarcEvaluator(dns).evaluate(List.of("good.example", "bad.example"),
                spf("pass", "good.example"), List.of());
        assertEquals("fail", out.verdict().result());
        assertEquals("bad.example", out.verdict().domain());
        assertEquals("permerror", new DmarcEvaluator(dns).evaluate(List.of(), spf("pass", "x"), List.of())
                .verdict().result());
    }
}
