package dev.mailroom.egress.delivery;

import java.net.IDN;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.mailroom.mail.dns.DnsResolver;
import dev.mailroom.mail.dns.DnsResult;
import dev.mailroom.mail.dns.MxHost;
import dev.mailroom.mail.address.DomainName;

/**
 * The hosts to try for a domain (RFC 5321 §5.1): its MX hosts by preference, equal preferences in random order;
 * without MX records the domain itself when it has an address (implicit MX). Blocking (DNS): run it on a worker
 * thread.
 */
public final class MxResolver {

    private final DnsResolver dns;

    /** @param dns the DNS port (egress-sender's is dnsjava behind a cache, see {@code config/DeliveryBeans}) */
    public MxResolver(DnsResolver dns) {
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    /**
     * Ordered hosts to try, without duplicates.
     *
     * @throws NullMxException when the domain has only a null MX (RFC 7505); null MX records next to real ones are
     *         ignored
     * @throws MxLookupException {@code no-mx} (permanent) when there is neither MX nor address, {@code bad-domain}
     *         (permanent) for a name that is not a valid domain, {@code dns} (temporary) when DNS fails
     */
    public List<String> hosts(String domain) {
        String name;
        try {
            name = asciiDomain(domain);
        } catch (IllegalArgumentException e) {
            throw new MxLookupException("bad-domain", true,
                    new SmtpReply(550, "5.1.2", "Bad destination domain: " + ReplyParser.printable(String.valueOf(domain))),
                    "not a valid domain: " + ReplyParser.printable(String.valueOf(domain)), e);
        }
        DnsResult<MxHost> records = dns.mx(name);
        if (records.isTempError()) {
            throw dnsFailure(name, "MX", records.error());
        }
        if (records.values().isEmpty()) { // NXDOMAIN or no MX: the implicit MX (RFC 5321 §5.1)
            if (!hasAddress(name)) {
                throw new MxLookupException("no-mx", true,
                        new SmtpReply(550, "5.4.4", "Unable to route: no MX and no address for " + name),
                        "domain " + name + " has neither MX records nor an address", null);
            }
            return List.of(name);
        }
        List<MxHost> real = new ArrayList<>();
        for (MxHost r : records.values()) {
            String host = hostName(r.host());
            if (!host.isEmpty() && !host.equals(".")) {
                real.add(new MxHost(r.preference(), host));
            }
        }
        if (real.isEmpty()) {
            throw new NullMxException(name);
        }
        Collections.shuffle(real, ThreadLocalRandom.current());
        real.sort(Comparator.comparingInt(MxHost::preference)); // stable: equal preferences stay shuffled
        Set<String> hosts = new LinkedHashSet<>();
        real.forEach(r -> hosts.add(r.host()));
        return List.copyOf(hosts);
    }

    /** Lower case, no trailing dot, IDNA A-labels ({@link DomainName#normalize}). */
    static String asciiDomain(String domain) {
        return DomainName.normalize(domain);
    }

    private static String hostName(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Whether {@code host} has an A or AAAA record; A first, AAAA only when A finds none. */
    private boolean hasAddress(String host) {
        DnsResult<?> a = dns.a(host);
        if (!a.values().isEmpty()) {
            return true;
        }
        DnsResult<?> aaaa = dns.aaaa(host);
        if (!aaaa.values().isEmpty()) {
            return true;
        }
        DnsResult<?> failed = a.isTempError() ? a : aaaa.isTempError() ? aaaa : null;
        if (failed != null) {
            throw dnsFailure(host, "A/AAAA", failed.error());
        }
        return false;
    }

    private static MxLookupException dnsFailure(String name, String type, String error) {
        return new MxLookupException("dns", false,
                new SmtpReply(451, "4.4.3", "DNS lookup failed for " + name + " " + type + ": " + error),
                "temporary DNS failure for " + name + " " + type + ": " + error, null);
    }
}
