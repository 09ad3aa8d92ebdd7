package dev.mailroom.api.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.mailroom.api.domain.DnsRecord.Purpose;
import dev.mailroom.mail.dns.DnsResolver;
import dev.mailroom.mail.dns.DnsResult;
import dev.mailroom.mail.dns.DnsjavaResolver;

/**
 * Looks a domain's expected records up in DNS (the {@link DnsResolver} port, uncached) and says, per record,
 * whether it is {@code found}, {@code missing}, {@code different} (with what was found) or could not be checked
 * ({@code error}: time-out, SERVFAIL). Blocking; run it on a worker thread. Nothing is cached between calls.
 */
public final class DomainVerifier {

    public static final String FOUND = "found";
    public static final String MISSING = "missing";
    public static final String DIFFERENT = "different";
    public static final String ERROR = "error";

    /**
     * The verdict on one expected record.
     *
     * @param purpose {@link Purpose#tag()}
     * @param name    owner name
     * @param type    MX or TXT
     * @param value   the expected value
     * @param status  {@link #FOUND}, {@link #MISSING}, {@link #DIFFERENT} or {@link #ERROR}
     * @param found   what DNS holds that competes with the expected record (for {@link #DIFFERENT})
     * @param detail  why it is different or could not be checked
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Check(String purpose, String name, String type, String value, String status, List<String> found,
            String detail) {
    }

    private final DnsResolver dns;

    /**
     * @param resolverHostPort {@code host}, {@code host:port} or {@code [v6]:port}; empty: the system's resolvers
     * @param timeout          per query
     */
    public DomainVerifier(Optional<String> resolverHostPort, Duration timeout) {
        this(new DnsjavaResolver(resolverHostPort.filter(s -> !s.isBlank()).map(List::of).orElse(List.of()), timeout));
    }

    /** @param dns asked afresh on every {@link #verify} (give it no cache: records are checked as published now) */
    public DomainVerifier(DnsResolver dns) {
        this.dns = dns;
    }

    /** Checks every record of {@code expected}; each distinct name and type is asked once. */
    public List<Check> verify(List<DnsRecord> expected) {
        Map<String, Answer> answers = new HashMap<>();
        List<Check> out = new ArrayList<>();
        for (DnsRecord r : expected) {
            Answer answer = answers.computeIfAbsent(r.name() + "/" + r.type(), k -> ask(r.name(), r.type()));
            out.add(judge(r, answer));
        }
        return out;
    }

    /** The values found at a name: MX as {@code "<pref> <host>."}, TXT with their strings joined; or an error. */
    record Answer(List<String> values, String error) {
    }

    private Answer ask(String name, String type) {
        DnsResult<String> result = switch (type) {
            case "MX" -> map(dns.mx(name), mx -> mx.preference() + " " + mx.host().toLowerCase(Locale.ROOT) + ".");
            // the resolver keeps every byte (ISO-8859-1); record values are UTF-8 (a split may cut a char)
            case "TXT" -> map(dns.txt(name), txt -> new String(txt.getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException("cannot verify " + type + " records");
        };
        return new Answer(result.values(), result.isTempError() ? result.error() : null);
    }

    private static <T> DnsResult<String> map(DnsResult<T> result, Function<T, String> f) {
        return new DnsResult<>(result.status(), result.values().stream().map(f).toList(), result.ttlSeconds(),
                result.error());
    }

    static Check judge(DnsRecord expected, Answer answer) {
        String purpose = expected.purpose().tag();
        if (answer.error() != null) {
            return check(expected, ERROR, List.of(), "DNS lookup failed: " + answer.error());
        }
        if (expected.purpose() == Purpose.MX) {
            String host = expected.value().substring(expected.value().indexOf(' ') + 1).toLowerCase(Locale.ROOT);
            if (answer.values().isEmpty()) {
                return check(expected, MISSING, List.of(), null);
            }
            boolean match = answer.values().stream().anyMatch(v -> v.substring(v.indexOf(' ') + 1).equals(host));
            return match ? check(expected, FOUND, List.of(), null)
                    : check(expected, DIFFERENT, answer.values(), "no MX record names " + host);
        }
        List<String> relevant = answer.values().stream().filter(v -> relevant(expected.purpose(), v)).toList();
        if (relevant.isEmpty()) {
            return check(expected, MISSING, List.of(), null);
        }
        if (relevant.size() > 1) {
            return check(expected, DIFFERENT, relevant, relevant.size() + " " + purpose
                    + " records at this name: receivers treat more than one as an error");
        }
        String found = relevant.get(0);
        String mismatch = expected.purpose() == Purpose.SPF ? spfMismatch(expected.value(), found)
                : tagMismatch(expected.purpose(), expected.value(), found);
        return mismatch == null ? check(expected, FOUND, List.of(), null)
                : check(expected, DIFFERENT, relevant, mismatch);
    }

    private static Check check(DnsRecord r, String status, List<String> found, String detail) {
        return new Check(r.purpose().tag(), r.name(), r.type(), r.value(), status, found, detail);
    }

    /** Whether a TXT value is a record of {@code purpose} (other TXT records may share the name). */
    private static boolean relevant(Purpose purpose, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return switch (purpose) {
            case SPF -> v.equals("v=spf1") || v.startsWith("v=spf1 ");
            case DKIM -> true; // a selector's name holds only its key record
            case DMARC -> v.startsWith("v=dmarc1");
            case MTA_STS -> v.startsWith("v=stsv1");
            case TLS_RPT -> v.startsWith("v=tlsrptv1");
            case MX -> false;
        };
    }

    /** SPF terms compared in order, case-insensitively. */
    private static String spfMismatch(String expected, String found) {
        List<String> e = Arrays.asList(expected.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        List<String> f = Arrays.asList(found.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        return e.equals(f) ? null : "the SPF terms differ";
    }

    /**
     * Tag-list records (DKIM, DMARC, MTA-STS, TLS-RPT): every expected tag must be there with the same value
     * (whitespace ignored; case ignored except for a DKIM key's {@code p=}). Other tags may be added by the owner.
     */
    private static String tagMismatch(Purpose purpose, String expected, String found) {
        Map<String, String> want = tags(expected);
        Map<String, String> have = tags(found);
        if (purpose == Purpose.DKIM) {
            have.putIfAbsent("v", "DKIM1"); // both optional in a key record (RFC 6376 §3.6.1)
            have.putIfAbsent("k", "rsa");
        }
        for (Map.Entry<String, String> tag : want.entrySet()) {
            String value = have.get(tag.getKey());
            boolean caseMatters = purpose == Purpose.DKIM && tag.getKey().equals("p");
            if (value == null) {
                return "tag " + tag.getKey() + "= is missing";
            }
            if (caseMatters ? !value.equals(tag.getValue()) : !value.equalsIgnoreCase(tag.getValue())) {
                return purpose == Purpose.DKIM && tag.getKey().equals("p")
                        ? "another public key is published under this selector"
                        : "tag " + tag.getKey() + "= is '" + value + "', expected '" + tag.getValue() + "'";
            }
        }
        return null;
    }

    static Map<String, String> tags(String record) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(part.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                        part.substring(eq + 1).replaceAll("\\s+", ""));
            }
        }
        return out;
    }
}
