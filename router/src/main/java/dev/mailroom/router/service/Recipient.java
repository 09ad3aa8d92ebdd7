package dev.mailroom.router.service;

import java.util.Optional;

import dev.mailroom.mail.address.AddrSpec;
import dev.mailroom.mail.address.SubAddress;

/**
 * An envelope recipient split for routing: {@code local[<sep>sub]@domain}, lower case ({@link AddrSpec},
 * {@link SubAddress}).
 *
 * @param address the recipient as received
 * @param name    the address name: the local part before the separator
 * @param sub     the sub-address after the first separator; empty when absent or empty
 * @param domain  the domain
 */
public record Recipient(String address, String name, Optional<String> sub, String domain) {

    /** Splits {@code address}; empty when it has no {@code @} or an empty local part. */
    public static Optional<Recipient> parse(String address, String separator) {
        Optional<AddrSpec> spec = AddrSpec.split(address).map(AddrSpec::lowerCase);
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        SubAddress local = spec.get().subAddress(separator);
        if (local.name().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Recipient(address, local.name(), local.detail(), spec.get().domain()));
    }

    /** The local part as received, lower case. */
    public String local(String separator) {
        return sub.map(s -> name + separator + s).orElse(name);
    }
}
