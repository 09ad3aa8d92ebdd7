package dev.mailroom.mail.spf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mailroom.mail.dns.DnsResolver;
import dev.mailroom.mail.dns.DnsResult;
import dev.mailroom.mail.dns.MxHost;

/**
 * RFC 7208 {@code check_host()}: every mechanism (all, include, a, mx, ptr, ip4, ip6, exists), the redirect and exp
 * modifiers, macros, the limit of 10 DNS-querying terms, 10 MX/PTR names and 2 void lookups. Blocking (DNS); one
 * instance is thread-safe, each evaluation has its own counters.
 */
public final class SpfEvaluator {

    static final int DNS_TERM_LIMIT = 10;
    static final int VOID_LOOKUP_LIMIT = 2;
    static final int NAME_LIMIT = 10;

    private final DnsResolver dns;
    private final Clock clock;
    private final String receiver;

    /**
     * @param dns      resolver
     * @param clock    time for the {@code %{t}} macro
     * @param receiver this host's name, for the {@code %{r}} macro
     */
    public SpfEvaluator(DnsResolver dns, Clock clock, String receiver) {
        this.dns = dns;
        this.clock = clock;
        this.receiver = receiver;
    }

    /**
     * Checks the MAIL FROM identity, or for the null sender ({@code mailFrom} empty or null) the HELO identity
     * {@code postmaster@helo} (RFC 7208 section 2.4).
     */
    public SpfOutcome check(InetAddress ip, String helo, String mailFrom) {
        String heloName = helo == null ? "" : helo.trim();
        if (mailFrom == null || mailFrom.isBlank()) {
            return checkHost(ip, heloName, "postmaster@" + heloName, heloName);
        }
        String sender = mailFrom.trim();
        int at = sender.lastIndexOf('@');
        String domain = at < 0 ? sender : sender.substring(at + 1);
        String local = at <= 0 ? "postmaster" : sender.substring(0, at);
        return checkHost(ip, domain, local + "@" + domain, heloName);
    }

    /** {@code check_host(ip, domain, sender)} with {@code helo} for the {@code %{h}} macro. */
    public SpfOutcome checkHost(InetAddress ip, String domain, String sender, String helo) {
        String name = stripDot(domain);
        if (!isValidDomain(name)) {
            return new SpfOutcome(SpfResult.NONE, domain, null, "not a valid domain name");
        }
        Session session = new Session(unmap(ip), sender, helo);
        try {
            Verdict v = session.checkHost(name);
            return new SpfOutcome(v.result, domain, v.explanation, v.detail);
        } catch (SpfPermError e) {
            return new SpfOutcome(SpfResult.PERMERROR, domain, null, e.getMessage());
        } catch (SpfTempError e) {
            return new SpfOutcome(SpfResult.TEMPERROR, domain, null, e.getMessage());
        }
    }

    private record Verdict(SpfResult result, String explanation, String detail) {
    }

    /** State of one evaluation: the counters span includes and redirects. */
    private final class Session {
        private final InetAddress ip;
        private final String sender;
        private final String helo;
        private int dnsTerms;
        private int voidLookups;
        private List<String> validatedNames;

        Session(InetAddress ip, String sender, String helo) {
            this.ip = ip;
            this.sender = sender;
            this.helo = helo;
        }

        Verdict checkHost(String domain) throws SpfPermError, SpfTempError {
            if (!isValidDomain(domain)) {
                return new Verdict(SpfResult.NONE, null, "not a valid domain name: " + domain);
            }
            DnsResult<String> txt = dns.txt(domain);
            if (txt.isTempError()) {
                throw new SpfTempError("dns: " + txt.error());
            }
            List<String> records = new ArrayList<>();
            for (String r : txt.values()) {
                if (SpfRecord.isSpf1(r)) {
                    records.add(r);
                }
            }
            if (records.isEmpty()) {
                return new Verdict(SpfResult.NONE, null, "no SPF record at " + domain);
            }
            if (records.size() > 1) {
                throw new SpfPermError("more than one SPF record at " + domain);
            }
            SpfRecord record = SpfRecord.parse(records.get(0));
            for (SpfRecord.Directive d : record.directives()) {
                if (matches(d, domain)) {
                    SpfResult result = SpfResult.ofQualifier(d.qualifier());
                    String explanation = result == SpfResult.FAIL ? explain(record, domain) : null;
                    return new Verdict(result, explanation, "matched " + d + " at " + domain);
                }
            }
            if (record.redirect() != null) {
                countDnsTerm();
                String target = expandDomain(record.redirect(), domain);
                Verdict v = checkHost(target);
                if (v.result == SpfResult.NONE) {
                    throw new SpfPermError("redirect target " + target + " has no SPF record");
                }
                return v;
            }
            return new Verdict(SpfResult.NEUTRAL, null, "no mechanism matched at " + domain);
        }

        private boolean matches(SpfRecord.Directive d, String domain) throws SpfPermError, SpfTempError {
            switch (d.mechanism()) {
                case "all":
                    return true;
                case "ip4":
                    return ip instanceof Inet4Address && inPrefix(ip, d.network(), d.cidr4());
                case "ip6":
                    if (d.network() instanceof Inet4Address) {
                        // ip6:::ffff:a.b.c.d (Java reads it as IPv4): compare IPv4 clients in the mapped space
                        return ip instanceof Inet4Address && inPrefix(mapped(ip), mapped(d.network()), d.cidr6());
                    }
                    return ip instanceof Inet6Address && inPrefix(ip, d.network(), d.cidr6());
                case "include": {
                    countDnsTerm();
                    String target = expandDomain(d.domainSpec(), domain);
                    Verdict v = checkHost(target);
                    return switch (v.result) {
                        case PASS -> true;
                        case FAIL, SOFTFAIL, NEUTRAL -> false;
                        case NONE -> throw new SpfPermError("include target " + target + " has no SPF record");
                        default -> throw new SpfPermError("include " + target + ": " + v.result.keyword());
                    };
                }
                case "a": {
                    countDnsTerm();
                    String target = d.domainSpec() == null ? domain : expandDomain(d.domainSpec(), domain);
                    return hostMatches(target, d.cidr4(), d.cidr6(), true);
                }
                case "mx": {
                    countDnsTerm();
                    String target = d.domainSpec() == null ? domain : expandDomain(d.domainSpec(), domain);
                    if (!isLookupable(target)) {
                        countVoid();
                        return false;
                    }
                    DnsResult<MxHost> mx = dns.mx(target);
                    if (mx.isTempError()) {
                        throw new SpfTempError("dns: " + mx.error());
                    }
                    if (mx.isVoid()) {
                        countVoid();
                        return false;
                    }
                    int looked = 0;
                    for (MxHost host : mx.values()) {
                        // RFC 7208 4.6.4: querying the addresses of an 11th exchange is a permerror
                        if (++looked > NAME_LIMIT) {
                            throw new SpfPermError("more than " + NAME_LIMIT + " MX records at " + target);
                        }
                        if (!host.host().isEmpty() && hostMatches(host.host(), d.cidr4(), d.cidr6(), false)) {
                            return true;
                        }
                    }
                    return false;
                }
                case "ptr": {
                    countDnsTerm();
                    String target = stripDot(d.domainSpec() == null ? domain : expandDomain(d.domainSpec(), domain))
                            .toLowerCase(Locale.ROOT);
                    for (String name : validatedNames()) {
                        String n = name.toLowerCase(Locale.ROOT);
                        if (n.equals(target) || n.endsWith("." + target)) {
                            return true;
                        }
                    }
                    return false;
                }
                case "exists": {
                    countDnsTerm();
                    String target = expandDomain(d.domainSpec(), domain);
                    if (!isLookupable(target)) {
                        countVoid();
                        return false;
                    }
                    DnsResult<InetAddress> a = dns.a(target);
                    if (a.isTempError()) {
                        throw new SpfTempError("dns: " + a.error());
                    }
                    if (a.isVoid()) {
                        countVoid();
                        return false;
                    }
                    return true;
                }
                default:
                    throw new SpfPermError("unknown mechanism " + d.mechanism());
            }
        }

        private boolean hostMatches(String host, int cidr4, int cidr6, boolean countVoid)
                throws SpfPermError, SpfTempError {
            if (!isLookupable(host)) {
                if (countVoid) {
                    countVoid();
                }
                return false;
            }
            boolean v4 = ip instanceof Inet4Address;
            DnsResult<InetAddress> r = v4 ? dns.a(host) : dns.aaaa(host);
            if (r.isTempError()) {
                throw new SpfTempError("dns: " + r.error());
            }
            if (r.isVoid()) {
                if (countVoid) {
                    countVoid();
                }
                return false;
            }
            for (InetAddress addr : r.values()) {
                if (inPrefix(ip, addr, v4 ? cidr4 : cidr6)) {
                    return true;
                }
            }
            return false;
        }

        /** PTR names of the client that resolve back to it (RFC 7208 section 5.5). */
        private List<String> validatedNames() {
            if (validatedNames != null) {
                return validatedNames;
            }
            List<String> names = new ArrayList<>();
            DnsResult<String> ptr = dns.ptr(ip);
            int checked = 0;
            for (String name : ptr.values()) {
                if (checked++ >= NAME_LIMIT) {
                    break;
                }
                String n = stripDot(name);
                if (!isLookupable(n)) {
                    continue;
                }
                DnsResult<InetAddress> r = ip instanceof Inet4Address ? dns.a(n) : dns.aaaa(n);
                if (r.values().contains(ip)) {
                    names.add(n);
                }
            }
            validatedNames = names;
            return names;
        }

        private String validatedName(String domain) {
            List<String> names = validatedNames();
            String d = domain.toLowerCase(Locale.ROOT);
            for (String n : names) {
                if (n.equalsIgnoreCase(d)) {
                    return n;
                }
            }
            for (String n : names) {
                if (n.toLowerCase(Locale.ROOT).endsWith("." + d)) {
                    return n;
                }
            }
            return names.isEmpty() ? "unknown" : names.get(0);
        }

        private void countDnsTerm() throws SpfPermError {
            if (++dnsTerms > DNS_TERM_LIMIT) {
                throw new SpfPermError("more than " + DNS_TERM_LIMIT + " DNS-querying terms");
            }
        }

        private void countVoid() throws SpfPermError {
            if (++voidLookups > VOID_LOOKUP_LIMIT) {
                throw new SpfPermError("more than " + VOID_LOOKUP_LIMIT + " void lookups");
            }
        }

        private String explain(SpfRecord record, String domain) {
            if (record.exp() == null) {
                return null;
            }
            try {
                String target = expandDomain(record.exp(), domain);
                if (!isLookupable(target)) {
                    return null;
                }
                DnsResult<String> txt = dns.txt(target);
                if (txt.values().size() != 1) {
                    return null;
                }
                String text = txt.values().get(0);
                for (char c : text.toCharArray()) {
                    if (c > 0x7e) {
                        return null;
                    }
                }
                return SpfMacro.expand(text, letter -> macroValue(letter, domain), true);
            } catch (SpfPermError | SpfTempError e) {
                return null;
            }
        }

        private String expandDomain(String spec, String domain) throws SpfPermError, SpfTempError {
            String name = SpfMacro.expand(spec, letter -> macroValue(letter, domain), false);
            name = stripDot(name);
            while (name.length() > 253 && name.indexOf('.') >= 0) {
                name = name.substring(name.indexOf('.') + 1);
            }
            return name;
        }

        private String macroValue(char letter, String domain) {
            int at = sender.lastIndexOf('@');
            return switch (letter) {
                case 's' -> sender;
                case 'l' -> at < 0 ? "postmaster" : sender.substring(0, at);
                case 'o' -> at < 0 ? sender : sender.substring(at + 1);
                case 'd' -> domain;
                case 'i' -> dottedIp(ip);
                case 'p' -> validatedName(domain);
                case 'v' -> ip instanceof Inet4Address ? "in-addr" : "ip6";
                case 'h' -> helo;
                case 'c' -> readableIp(ip);
                case 'r' -> receiver;
                case 't' -> Long.toString(clock.instant().getEpochSecond());
                default -> "";
            };
        }
    }

    /** RFC 7208 section 4.3: a multi-label name, labels of 1 to 63 octets, at most 253 octets. */
    static boolean isValidDomain(String domain) {
        if (domain == null || domain.isEmpty() || domain.length() > 253 || domain.startsWith("[")) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }

    /** A name that can be asked of DNS at all (labels of 1 to 63 octets). */
    private static boolean isLookupable(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** IPv4-mapped IPv6 addresses are evaluated as IPv4 (RFC 7208 section 5). */
    static InetAddress unmap(InetAddress ip) {
        byte[] b = ip.getAddress();
        if (b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return ip;
                }
            }
        }
        return ip;
    }

    private static InetAddress mapped(InetAddress v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean inPrefix(InetAddress ip, InetAddress network, int length) {
        byte[] a = ip.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = length / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = length % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (n[full] & mask);
    }

    /** {@code %{i}}: dotted quad, or 32 dot-separated nibbles for IPv6. */
    static String dottedIp(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        StringBuilder b = new StringBuilder();
        for (byte x : ip.getAddress()) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(Character.forDigit((x >> 4) & 0xf, 16)).append('.').append(Character.forDigit(x & 0xf, 16));
        }
        return b.toString();
    }

    /** {@code %{c}}: dotted quad or RFC 5952 IPv6 text. */
    static String readableIp(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] b = ip.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
