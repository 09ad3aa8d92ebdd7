package dev.mailroom.mail.dmarc;

import java.util.Locale;
import java.util.Optional;

import dev.mailroom.mail.dkim.TagList;

/**
 * A DMARC policy record (RFC 7489 section 6.3): policy, subdomain policy, alignment modes.
 *
 * @param policy          {@code none}, {@code quarantine}, {@code reject}
 * @param subdomainPolicy {@code sp=}, or the policy when absent
 * @param strictDkim      {@code adkim=s}
 * @param strictSpf       {@code aspf=s}
 */
public record DmarcRecord(String policy, String subdomainPolicy, boolean strictDkim, boolean strictSpf) {

    /** True when a TXT record claims to be DMARC (its first tag is v=DMARC1). */
    static boolean isDmarc(String txt) {
        String t = txt.strip();
        if (!t.regionMatches(true, 0, "v", 0, 1)) {
            return false;
        }
        String rest = t.substring(1).stripLeading();
        if (!rest.startsWith("=")) {
            return false;
        }
        rest = rest.substring(1).stripLeading();
        return rest.regionMatches(true, 0, "DMARC1", 0, 6)
                && (rest.length() == 6 || rest.substring(6).stripLeading().startsWith(";"));
    }

    /**
     * Parses a record that {@link #isDmarc} accepted.
     *
     * @throws IllegalArgumentException when it is not usable (bad syntax, no valid p= and no rua=)
     */
    static DmarcRecord parse(String txt) {
        TagList tags = TagList.parse(txt);
        Optional<String> p = tags.get("p").map(v -> v.toLowerCase(Locale.ROOT)).filter(DmarcRecord::isPolicy);
        String policy;
        if (p.isPresent()) {
            policy = p.get();
        } else if (tags.get("rua").filter(r -> r.toLowerCase(Locale.ROOT).contains("mailto:")).isPresent()) {
            policy = "none"; // RFC 7489 6.6.3: act as p=none when rua= is usable
        } else {
            throw new IllegalArgumentException("no valid p= tag");
        }
        String sp = tags.get("sp").map(v -> v.toLowerCase(Locale.ROOT)).orElse(policy);
        if (!isPolicy(sp)) {
            throw new IllegalArgumentException("invalid sp=" + sp);
        }
        return new DmarcRecord(policy, sp, strict(tags, "adkim"), strict(tags, "aspf"));
    }

    private static boolean isPolicy(String p) {
        return p.equals("none") || p.equals("quarantine") || p.equals("reject");
    }

    private static boolean strict(TagList tags, String name) {
        String v = tags.get(name).orElse("r").toLowerCase(Locale.ROOT);
        if (!v.equals("r") && !v.equals("s")) {
            throw new IllegalArgumentException("invalid " + name + "=" + v);
        }
        return v.equals("s");
    }
}
