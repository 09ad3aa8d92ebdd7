package dev.mailroom.mail.dmarc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import dev.mailroom.contract.Authentication;
import dev.mailroom.mail.dns.DnsResolver;
import dev.mailroom.mail.dns.DnsResult;

/**
 * RFC 7489 DMARC: policy discovery at {@code _dmarc.<From domain>} then at the organizational domain, identifier
 * alignment of SPF and DKIM passes ({@code aspf}, {@code adkim}), the applicable policy ({@code p} or {@code sp}).
 * Several From domains are each evaluated and the strictest verdict wins (section 6.6.1). Blocking (DNS).
 */
public final class DmarcEvaluator {

    private final DnsResolver dns;

    public DmarcEvaluator(DnsResolver dns) {
        this.dns = dns;
    }

    private record Found(DmarcRecord record, String at, String error, boolean temporary) {
    }

    /**
     * Evaluates DMARC for every domain in {@code fromDomains} (an empty list: permerror).
     *
     * @param spf  the SPF verdict (its domain is the MAIL FROM or HELO domain)
     * @param dkim the DKIM verdicts
     */
    public DmarcOutcome evaluate(List<String> fromDomains, Authentication.Spf spf, List<Authentication.Dkim> dkim) {
        LinkedHashSet<String> domains = new LinkedHashSet<>();
        fromDomains.forEach(d -> domains.add(d.toLowerCase(Locale.ROOT)));
        if (domains.isEmpty()) {
            return new DmarcOutcome(new Authentication.Dmarc("permerror", null, null, false, false),
                    "no RFC5322.From domain");
        }
        List<DmarcOutcome> outcomes = new ArrayList<>();
        for (String domain : domains) {
            outcomes.add(evaluate(domain, spf, dkim));
        }
        for (String worst : List.of("fail", "temperror", "permerror", "none")) {
            for (DmarcOutcome o : outcomes) {
                if (o.verdict().result().equals(worst)) {
                    return o;
                }
            }
        }
        return outcomes.get(0);
    }

    /** Evaluates DMARC for one From domain. */
    public DmarcOutcome evaluate(String fromDomain, Authentication.Spf spf, List<Authentication.Dkim> dkim) {
        String from = fromDomain.toLowerCase(Locale.ROOT);
        Found found = discover(from);
        if (found.temporary) {
            return new DmarcOutcome(new Authentication.Dmarc("temperror", from, null, false, false), found.error);
        }
        if (found.error != null) {
            return new DmarcOutcome(new Authentication.Dmarc("permerror", from, null, false, false), found.error);
        }
        if (found.record == null) {
            return new DmarcOutcome(new Authentication.Dmarc("none", from, null, false, false),
                    "no DMARC record");
        }
        DmarcRecord r = found.record;
        boolean spfAligned = spf != null && "pass".equals(spf.result())
                && OrganizationalDomain.aligned(spf.domain(), from, r.strictSpf());
        boolean dkimAligned = dkim.stream().anyMatch(d -> "pass".equals(d.result())
                && OrganizationalDomain.aligned(d.domain(), from, r.strictDkim()));
        String policy = found.at.equals(from) ? r.policy() : r.subdomainPolicy();
        String result = spfAligned || dkimAligned ? "pass" : "fail";
        return new DmarcOutcome(new Authentication.Dmarc(result, from, policy, spfAligned, dkimAligned),
                "record at _dmarc." + found.at);
    }

    private Found discover(String from) {
        Found f = lookup(from);
        if (f.record != null || f.error != null) {
            return f;
        }
        String org = OrganizationalDomain.of(from);
        return org.equals(from) ? f : lookup(org);
    }

    private Found lookup(String domain) {
        DnsResult<String> txt = dns.txt("_dmarc." + domain);
        if (txt.isTempError()) {
            return new Found(null, domain, "dns: " + txt.error(), true);
        }
        List<String> records = txt.values().stream().filter(DmarcRecord::isDmarc).toList();
        if (records.size() != 1) {
            // none, or several: RFC 7489 6.6.3 says DMARC does not apply
            return new Found(null, domain, null, false);
        }
        try {
            return new Found(DmarcRecord.parse(records.get(0)), domain, null, false);
        } catch (IllegalArgumentException e) {
            return new Found(null, domain, "invalid DMARC record at _dmarc." + domain + ": " + e.getMessage(), false);
        }
    }
}
