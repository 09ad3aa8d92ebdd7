package dev.mailroom.egress.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.mailroom.mail.address.DomainName;

/**
 * The hosts to try for a domain (RFC 5321 §5.1): its MX hosts by preference, equal preferences in random order;
 * without MX records the domain itself when it has an address (implicit MX). Blocking (DNS): run it on a worker
 * thread.
 */
public final class MxResolver {

    private final DnsLookup lookup;

    public MxResolver(DnsLookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
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
        List<MxRecord> records;
        try {
            records = lookup.mx(name);
        } catch (IOException e) {
            throw dnsFailure(name, "MX", e);
        }
        if (records.isEmpty()) {
            boolean address;
            try {
                address = lookup.hasAddress(name);
            } catch (IOException e) {
                throw dnsFailure(name, "A/AAAA", e);
            }
            if (!address) {
                throw new MxLookupException("no-mx", true,
                        new SmtpReply(550, "5.4.4", "Unable to route: no MX and no address for " + name),
                        "domain " + name + " has neither MX records nor an address", null);
            }
            return List.of(name);
        }
        List<MxRecord> real = new ArrayList<>();
        for (MxRecord r : records) {
            String host = hostName(r.host());
            if (!host.isEmpty()) {
                real.add(new MxRecord(r.preference(), host));
            }
        }
        if (real.isEmpty()) {
            throw new NullMxException(name);
        }
        Collections.shuffle(real, ThreadLocalRandom.current());
        real.sort(Comparator.comparingInt(MxRecord::preference)); // stable: equal preferences stay shuffled
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

    private static MxLookupException dnsFailure(String name, String type, IOException e) {
        return new MxLookupException("dns", false,
                new SmtpReply(451, "4.4.3", "DNS lookup failed for " + name + " " + type + ": " + e.getMessage()),
                "temporary DNS failure for " + name + " " + type + ": " + e.getMessage(), e);
    }
}
