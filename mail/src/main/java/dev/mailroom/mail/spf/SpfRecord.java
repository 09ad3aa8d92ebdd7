package dev.mailroom.mail.spf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed SPF record (RFC 7208 section 4.6, 12): its directives in order and the redirect/exp modifiers. */
record SpfRecord(List<Directive> directives, String redirect, String exp) {

    /**
     * One directive.
     *
     * @param qualifier  {@code + - ~ ?}
     * @param mechanism  lower-case mechanism name
     * @param domainSpec unexpanded domain-spec, or null
     * @param network    network address for ip4/ip6
     * @param cidr4      IPv4 prefix length (32 when absent)
     * @param cidr6      IPv6 prefix length (128 when absent)
     */
    record Directive(char qualifier, String mechanism, String domainSpec, InetAddress network, int cidr4,
                     int cidr6) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            if (qualifier != '+') {
                b.append(qualifier);
            }
            b.append(mechanism);
            if (domainSpec != null) {
                b.append(':').append(domainSpec);
            }
            if (network != null) {
                b.append(':').append(network.getHostAddress());
                int len = mechanism.equals("ip4") ? cidr4 : cidr6;
                b.append('/').append(len);
            }
            return b.toString();
        }
    }

    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9_.\\-]*)=(.*)", Pattern.DOTALL);
    private static final Pattern DUAL_CIDR = Pattern.compile("(.*?)(?:/(0|[1-9][0-9]*))?(?://(0|[1-9][0-9]*))?");
    private static final Pattern IP4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IP6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern TOPLABEL = Pattern.compile(
            "[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]");

    /** True when a TXT record is an SPF version 1 record. */
    static boolean isSpf1(String txt) {
        String lower = txt.toLowerCase(Locale.ROOT);
        return lower.equals("v=spf1") || lower.startsWith("v=spf1 ");
    }

    /** Parses an SPF record already selected by {@link #isSpf1}. */
    static SpfRecord parse(String txt) throws SpfPermError {
        for (char c : txt.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                throw new SpfPermError("non-ASCII or control character in record");
            }
        }
        List<Directive> directives = new ArrayList<>();
        String redirect = null;
        String exp = null;
        for (String term : txt.substring(6).split(" ")) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher m = MODIFIER.matcher(term);
            if (m.matches()) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2);
                switch (name) {
                    case "redirect" -> {
                        if (redirect != null) {
                            throw new SpfPermError("duplicate redirect");
                        }
                        validateDomainSpec(value);
                        redirect = value;
                    }
                    case "exp" -> {
                        if (exp != null) {
                            throw new SpfPermError("duplicate exp");
                        }
                        validateDomainSpec(value);
                        exp = value;
                    }
                    default -> SpfMacro.validate(value, false);
                }
                continue;
            }
            directives.add(parseDirective(term));
        }
        return new SpfRecord(List.copyOf(directives), redirect, exp);
    }

    private static Directive parseDirective(String term) throws SpfPermError {
        char qualifier = '+';
        String rest = term;
        if ("+-~?".indexOf(rest.charAt(0)) >= 0) {
            qualifier = rest.charAt(0);
            rest = rest.substring(1);
        }
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != ':' && rest.charAt(end) != '/') {
            end++;
        }
        String name = rest.substring(0, end).toLowerCase(Locale.ROOT);
        String args = rest.substring(end);
        switch (name) {
            case "all" -> {
                if (!args.isEmpty()) {
                    throw new SpfPermError("all takes no argument: " + term);
                }
                return new Directive(qualifier, name, null, null, 32, 128);
            }
            case "include", "exists" -> {
                if (!args.startsWith(":") || args.length() == 1) {
                    throw new SpfPermError(name + " needs a domain: " + term);
                }
                String spec = args.substring(1);
                validateDomainSpec(spec);
                return new Directive(qualifier, name, spec, null, 32, 128);
            }
            case "ptr" -> {
                String spec = null;
                if (!args.isEmpty()) {
                    if (!args.startsWith(":") || args.length() == 1) {
                        throw new SpfPermError("bad ptr: " + term);
                    }
                    spec = args.substring(1);
                    validateDomainSpec(spec);
                }
                return new Directive(qualifier, name, spec, null, 32, 128);
            }
            case "a", "mx" -> {
                Matcher m = DUAL_CIDR.matcher(args);
                if (!m.matches()) {
                    throw new SpfPermError("bad " + name + ": " + term);
                }
                String spec = m.group(1);
                if (spec.isEmpty()) {
                    spec = null;
                } else if (!spec.startsWith(":") || spec.length() == 1) {
                    throw new SpfPermError("bad " + name + ": " + term);
                } else {
                    spec = spec.substring(1);
                    validateDomainSpec(spec);
                }
                int c4 = cidr(m.group(2), 32);
                int c6 = cidr(m.group(3), 128);
                return new Directive(qualifier, name, spec, null, c4, c6);
            }
            case "ip4" -> {
                if (!args.startsWith(":")) {
                    throw new SpfPermError("bad ip4: " + term);
                }
                String value = args.substring(1);
                int slash = value.indexOf('/');
                String addr = slash < 0 ? value : value.substring(0, slash);
                int len = 32;
                if (slash >= 0) {
                    len = cidrStrict(value.substring(slash + 1), 32);
                }
                if (!IP4.matcher(addr).matches()) {
                    throw new SpfPermError("bad ip4 address: " + term);
                }
                return new Directive(qualifier, name, null, literal(addr), len, 128);
            }
            case "ip6" -> {
                if (!args.startsWith(":")) {
                    throw new SpfPermError("bad ip6: " + term);
                }
                String value = args.substring(1);
                int slash = value.indexOf('/');
                String addr = slash < 0 ? value : value.substring(0, slash);
                int len = 128;
                if (slash >= 0) {
                    len = cidrStrict(value.substring(slash + 1), 128);
                }
                if (!addr.contains(":") || !IP6.matcher(addr).matches()) {
                    throw new SpfPermError("bad ip6 address: " + term);
                }
                return new Directive(qualifier, name, null, literal(addr), 32, len);
            }
            default -> throw new SpfPermError("unknown mechanism: " + term);
        }
    }

    private static int cidr(String digits, int max) throws SpfPermError {
        if (digits == null) {
            return max;
        }
        return cidrStrict(digits, max);
    }

    private static int cidrStrict(String digits, int max) throws SpfPermError {
        if (!digits.matches("0|[1-9][0-9]{0,2}")) {
            throw new SpfPermError("bad cidr length /" + digits);
        }
        int len = Integer.parseInt(digits);
        if (len > max) {
            throw new SpfPermError("cidr length too long /" + digits);
        }
        return len;
    }

    private static InetAddress literal(String addr) throws SpfPermError {
        try {
            // only literals reach here (checked by pattern): no DNS lookup happens
            return InetAddress.getByName(addr);
        } catch (UnknownHostException e) {
            throw new SpfPermError("bad address " + addr);
        }
    }

    /** domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand. */
    static void validateDomainSpec(String spec) throws SpfPermError {
        SpfMacro.validate(spec, false);
        if (endsWithMacroExpand(spec)) {
            return;
        }
        String s = spec.endsWith(".") ? spec.substring(0, spec.length() - 1) : spec;
        int dot = s.lastIndexOf('.');
        if (dot < 0) {
            throw new SpfPermError("domain-spec without top label: " + spec);
        }
        String top = s.substring(dot + 1);
        if (!TOPLABEL.matcher(top).matches()) {
            throw new SpfPermError("invalid top label in " + spec);
        }
    }

    private static boolean endsWithMacroExpand(String spec) {
        if (spec.endsWith("}")) {
            int open = spec.lastIndexOf("%{");
            return open >= 0 && spec.indexOf('}', open) == spec.length() - 1;
        }
        if (spec.length() >= 2) {
            String tail = spec.substring(spec.length() - 2);
            if (tail.equals("%%") || tail.equals("%_") || tail.equals("%-")) {
                // count the %'s before to make sure the last pair is a macro
                int pct = 0;
                int from = tail.equals("%%") ? spec.length() - 1 : spec.length() - 2;
                for (int i = from; i >= 0 && spec.charAt(i) == '%'; i--) {
                    pct++;
                }
                return tail.equals("%%") ? pct % 2 == 0 : pct % 2 == 1;
            }
        }
        return false;
    }
}
