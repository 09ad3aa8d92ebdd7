package dev.mailroom.mail.dmarc;

import java.util.Locale;

import com.google.common.net.InternetDomainName;

/** RFC 7489 section 3.2 organizational domain, from Guava's copy of the Public Suffix List. */
public final class OrganizationalDomain {

    private OrganizationalDomain() {
    }

    /** The organizational domain of {@code domain} (lower case); the name itself when it cannot be determined. */
    public static String of(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        try {
            InternetDomainName name = InternetDomainName.from(d);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
            return d;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return d;
        }
    }

    /** Relaxed alignment: same organizational domain; strict: the same name. */
    public static boolean aligned(String a, String b, boolean strict) {
        if (a == null || b == null) {
            return false;
        }
        String x = strip(a);
        String y = strip(b);
        return strict ? x.equals(y) : of(x).equals(of(y));
    }

    private static String strip(String d) {
        String l = d.toLowerCase(Locale.ROOT);
        return l.endsWith(".") ? l.substring(0, l.length() - 1) : l;
    }
}
