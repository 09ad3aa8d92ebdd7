package dev.mailroom.api.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.mailroom.api.domain.DnsRecord.Purpose;

/**
 * The records a domain publishes so that its mail is authenticated and aligned: MX to the inbound host, SPF with
 * the sending hosts, one DKIM key record per published selector, DMARC, and when configured MTA-STS and TLS-RPT.
 * Pure: the settings are validated once, when built.
 */
public final class DnsRecords {

    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*");
    private static final Pattern SPF_MECHANISM = Pattern.compile("[+?~-]?(?:"
            + "ip4:[0-9.]+(?:/\\d{1,2})?|ip6:[0-9a-f:.]+(?:/\\d{1,3})?|"
            + "(?:a|mx)(?::[a-z0-9_.%{}-]+)?(?:/\\d{1,2})?(?://\\d{1,3})?|"
            + "(?:include|exists):[a-z0-9_.%{}-]+|ptr(?::[a-z0-9_.-]+)?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern STS_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Pattern MAILTO = Pattern.compile("[^\\s,;!<>\"]+@[^\\s,;!<>\"@]+");

    /** A DKIM key to publish: its selector and TXT value ({@code v=DKIM1; k=...; p=...}). */
    public record Key(String selector, String record) {
    }

    /**
     * Validated settings.
     *
     * @param mxHost         the inbound host
     * @param mxPriority     MX preference
     * @param spfMechanisms  SPF terms before the last
     * @param spfAll         {@code -all} or {@code ~all}
     * @param dmarcPolicy    {@code none}, {@code quarantine} or {@code reject}
     * @param dmarcRua       {@code mailto:} URI of aggregate reports, or empty
     * @param mtaStsId       MTA-STS policy id, or empty
     * @param tlsRptRua      TLS-RPT report URI, or empty
     * @param ttl            TTL of the zone-file lines
     */
    public record Settings(String mxHost, int mxPriority, List<String> spfMechanisms, String spfAll,
            String dmarcPolicy, Optional<String> dmarcRua, Optional<String> mtaStsId, Optional<String> tlsRptRua,
            int ttl) {

        /**
         * @throws IllegalArgumentException naming the property that is wrong
         */
        public Settings {
            mxHost = stripDot(Objects.requireNonNull(mxHost, "mxHost").strip().toLowerCase(Locale.ROOT));
            if (!HOST.matcher(mxHost).matches()) {
                throw new IllegalArgumentException("mailroom.deliverability.mx-host: '" + mxHost
                        + "' is not a host name");
            }
            if (mxPriority < 0 || mxPriority > 65535) {
                throw new IllegalArgumentException("mailroom.deliverability.mx-priority must be 0 to 65535");
            }
            spfMechanisms = spfMechanisms.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            for (String m : spfMechanisms) {
                if (!SPF_MECHANISM.matcher(m).matches()) {
                    throw new IllegalArgumentException("mailroom.deliverability.spf-mechanisms: '" + m
                            + "' is not an SPF mechanism (ip4:, ip6:, a, mx, include:, exists:)");
                }
            }
            if (!spfAll.equals("-all") && !spfAll.equals("~all")) {
                throw new IllegalArgumentException("mailroom.deliverability.spf-all must be -all or ~all, got '"
                        + spfAll + "'");
            }
            dmarcPolicy = dmarcPolicy.strip().toLowerCase(Locale.ROOT);
            if (!List.of("none", "quarantine", "reject").contains(dmarcPolicy)) {
                throw new IllegalArgumentException("mailroom.deliverability.dmarc-policy must be none, quarantine or"
                        + " reject, got '" + dmarcPolicy + "'");
            }
            dmarcRua = dmarcRua.map(String::strip).filter(s -> !s.isEmpty())
                    .map(s -> mailto("mailroom.deliverability.dmarc-rua", s, false));
            mtaStsId = mtaStsId.map(String::strip).filter(s -> !s.isEmpty());
            mtaStsId.ifPresent(id -> {
                if (!STS_ID.matcher(id).matches()) {
                    throw new IllegalArgumentException("mailroom.deliverability.mta-sts-id must be 1 to 32 letters"
                            + " and digits (RFC 8461)");
                }
            });
            tlsRptRua = tlsRptRua.map(String::strip).filter(s -> !s.isEmpty())
                    .map(s -> mailto("mailroom.deliverability.tls-rpt-rua", s, true));
            if (ttl < 60 || ttl > 604800) {
                throw new IllegalArgumentException("mailroom.deliverability.ttl must be 60 to 604800 seconds");
            }
        }

        private static String mailto(String property, String value, boolean httpsAllowed) {
            if (httpsAllowed && value.startsWith("https://")) {
                return value;
            }
            String address = value.regionMatches(true, 0, "mailto:", 0, 7) ? value.substring(7) : value;
            if (!MAILTO.matcher(address).matches()) {
                throw new IllegalArgumentException(property + ": '" + value + "' is not a mail address"
                        + (httpsAllowed ? " or https URI" : ""));
            }
            return "mailto:" + address;
        }
    }

    private final Settings settings;

    public DnsRecords(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    /** The records of {@code domain} (normalised) publishing {@code keys}, in zone order. */
    public List<DnsRecord> records(String domain, List<Key> keys) {
        List<DnsRecord> out = new ArrayList<>();
        out.add(new DnsRecord(Purpose.MX, domain, "MX", settings.mxPriority() + " " + settings.mxHost() + "."));
        out.add(DnsRecord.txt(Purpose.SPF, domain, spf()));
        for (Key key : keys) {
            out.add(DnsRecord.txt(Purpose.DKIM, key.selector() + "._domainkey." + domain, key.record()));
        }
        out.add(DnsRecord.txt(Purpose.DMARC, "_dmarc." + domain, dmarc()));
        settings.mtaStsId().ifPresent(id -> out.add(DnsRecord.txt(Purpose.MTA_STS, "_mta-sts." + domain,
                "v=STSv1; id=" + id)));
        settings.tlsRptRua().ifPresent(rua -> out.add(DnsRecord.txt(Purpose.TLS_RPT, "_smtp._tls." + domain,
                "v=TLSRPTv1; rua=" + rua)));
        return out;
    }

    /** The SPF record: {@code v=spf1 <mechanisms> -all}. */
    public String spf() {
        StringBuilder s = new StringBuilder("v=spf1");
        settings.spfMechanisms().forEach(m -> s.append(' ').append(m));
        return s.append(' ').append(settings.spfAll()).toString();
    }

    /** The DMARC record: {@code v=DMARC1; p=<policy>[; rua=mailto:...]}. */
    public String dmarc() {
        return "v=DMARC1; p=" + settings.dmarcPolicy() + settings.dmarcRua().map(r -> "; rua=" + r).orElse("");
    }

    /** {@code records} as a zone-file fragment with a comment header, ready to paste or to load. */
    public String zone(String domain, List<DnsRecord> records, Instant generatedAt) {
        StringBuilder z = new StringBuilder();
        z.append("; Mailroom records for ").append(domain).append(", generated ").append(generatedAt).append('\n');
        z.append("; MX: inbound mail; SPF, DKIM, DMARC: authentication of outbound mail\n");
        for (DnsRecord r : records) {
            z.append(r.zoneLine(settings.ttl())).append('\n');
        }
        return z.toString();
    }

    private static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
