package dev.mailroom.platform.auth;

import java.util.List;
import java.util.Locale;

import dev.mailroom.mail.address.AddrSpec;

/**
 * A verified API key, as every service sees it: the caller of a REST request or of an SMTP submission. The token
 * itself is never part of it.
 *
 * @param keyId         the key's id, for logs, events and ownership ({@code bootstrap} for egress-sender's
 *                      configured bootstrap key)
 * @param admin         an admin key may manage keys and act for any domain
 * @param domains       the domains the key may act for, lower case; {@link #ALL_DOMAINS} for every domain
 * @param ratePerMinute requests per minute the key may make, as its key store enforces it; null when unknown
 */
public record Caller(String keyId, boolean admin, List<String> domains, Integer ratePerMinute) {

    /** Domain list entry meaning "every domain". */
    public static final String ALL_DOMAINS = "*";

    public Caller {
        domains = domains == null ? List.of()
                : domains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
    }

    /** Whether this key may act for {@code domain} (ignoring case): admins and {@code *} keys everywhere. */
    public boolean covers(String domain) {
        if (admin || domains.contains(ALL_DOMAINS)) {
            return true;
        }
        return domain != null && domains.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** Whether this key may use {@code address} (an addr-spec) as its sender: {@link #covers} its domain. */
    public boolean maySendAs(String address) {
        if (admin || domains.contains(ALL_DOMAINS)) {
            return true;
        }
        return AddrSpec.domainOf(address).map(this::covers).orElse(false);
    }
}
