package dev.mailroom.router.service;

import java.util.Locale;
import java.util.Optional;

/**
 * An envelope recipient split for routing: {@code local[<sep>sub]@domain}, lower case.
 *
 * @param address the recipient as received
 * @param name    the address name: the local part before the separator
 * @param sub     the sub-address after the first separator; empty when absent or empty
 * @param domain  the domain
 */
public record Recipient(String address, String name, Optional<String> sub, String domain) {

    /** Splits {@code address}; empty when it has no {@code @} or an empty local part. */
    public static Optional<Recipient> parse(String address, String separator) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        String local = address.substring(0, at).toLowerCase(Locale.ROOT);
        String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        int sep = separator.isEmpty() ? -1 : local.indexOf(separator);
        if (sep < 0) {
            return Optional.of(new Recipient(address, local, Optional.empty(), domain));
        }
        String name = local.substring(0, sep);
        String sub = local.substring(sep + separator.length());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Recipient(address, name, sub.isEmpty() ? Optional.empty() : Optional.of(sub), domain));
    }

    /** The local part as received, lower case. */
    public String local(String separator) {
        return sub.map(s -> name + separator + s).orElse(name);
    }
}
