package dev.mailroom.mail.address;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;

/** Domain normalisation for lookups and comparisons (strict host-name syntax: {@link AddressSyntax#asciiDomain}). */
public final class DomainName {

    private DomainName() {
    }

    /**
     * {@code domain} as DNS looks it up and services compare it: trimmed, no trailing dot, IDNA A-labels
     * ({@link IDN#ALLOW_UNASSIGNED}), lower case.
     *
     * @throws IllegalArgumentException when empty or not convertible to A-labels
     */
    public static String normalize(String domain) {
        Objects.requireNonNull(domain, "domain");
        String d = domain.trim();
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty()) {
            throw new IllegalArgumentException("empty domain");
        }
        return IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }
}
