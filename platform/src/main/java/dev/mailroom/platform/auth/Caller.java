package dev.mailroom.platform.auth;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.mailroom.mail.address.AddrSpec;

/**
 * A verified API key, as every service sees it: the caller of a REST request or of an SMTP submission. The token
 * itself is never part of it.
 *
 * @param keyId         the key's id, for logs, events and ownership ({@code bootstrap} for the configured
 *                      bootstrap key)
 * @param permissions   what the key may do ({@link Permission}); {@link Permission#ADMIN} implies every other
 * @param domains       the domains the key may act for, lower case; {@link #ALL_DOMAINS} for every domain
 * @param ratePerMinute requests per minute the api admits for the key; null: the api's default
 */
public record Caller(String keyId, Set<Permission> permissions, List<String> domains, Integer ratePerMinute) {

    /** Domain list entry meaning "every domain". */
    public static final String ALL_DOMAINS = "*";

    /**
     * A key of the era before permissions: admin keys may do everything, others send and read.
     */
    public Caller(String keyId, boolean admin, List<String> domains, Integer ratePerMinute) {
        this(keyId, admin ? EnumSet.of(Permission.ADMIN) : EnumSet.of(Permission.SEND, Permission.READ), domains,
                ratePerMinute);
    }

    public Caller {
        permissions = permissions == null || permissions.isEmpty() ? Set.of()
                : permissions.contains(Permission.ADMIN) ? Set.copyOf(EnumSet.allOf(Permission.class))
                : Set.copyOf(permissions);
        domains = domains == null ? List.of()
                : domains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
    }

    /** Whether this key is an admin key: every permission, every domain. */
    public boolean admin() {
        return permissions.contains(Permission.ADMIN);
    }

    /** Whether this key holds {@code permission} (admin keys hold all). */
    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    /** Whether this key acts for every domain: admin keys and {@code *} keys. */
    public boolean coversEveryDomain() {
        return admin() || domains.contains(ALL_DOMAINS);
    }

    /** Whether this key may act for {@code domain} (ignoring case): admins and {@code *} keys everywhere. */
    public boolean covers(String domain) {
        if (coversEveryDomain()) {
            return true;
        }
        return domain != null && domains.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** Whether this key may use {@code address} (an addr-spec) as its sender: {@link #covers} its domain. */
    public boolean maySendAs(String address) {
        if (coversEveryDomain()) {
            return true;
        }
        return AddrSpec.domainOf(address).map(this::covers).orElse(false);
    }
}
