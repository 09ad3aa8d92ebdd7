package dev.mailroom.mail.address;

import java.util.Locale;
import java.util.Optional;

/**
 * An addr-spec split at its last {@code @}: {@code local-part@domain}, both as written. This is the one place that
 * splits addresses; syntax checks are {@link AddressSyntax}, policies (accepted domains, known local parts) stay in
 * the services.
 *
 * @param localPart the local part, never empty
 * @param domain    the domain, never empty
 */
public record AddrSpec(String localPart, String domain) {

    /** Splits {@code address} at its last {@code @}; empty when null, without {@code @}, or either side is empty. */
    public static Optional<AddrSpec> split(String address) {
        if (address == null) {
            return Optional.empty();
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new AddrSpec(address.substring(0, at), address.substring(at + 1)));
    }

    /** The domain of {@code address} in lower case; empty when it does not split. */
    public static Optional<String> domainOf(String address) {
        return split(address).map(AddrSpec::lowerDomain);
    }

    /** The domain in lower case (ASCII rules: {@code Locale.ROOT}). */
    public String lowerDomain() {
        return domain.toLowerCase(Locale.ROOT);
    }

    /** This address with local part and domain in lower case (how the services compare addresses). */
    public AddrSpec lowerCase() {
        return new AddrSpec(localPart.toLowerCase(Locale.ROOT), lowerDomain());
    }

    /** The local part split at the first {@code separator}: {@code echo+t1} with {@code "+"} is {@code echo} / {@code t1}. */
    public SubAddress subAddress(String separator) {
        return SubAddress.split(localPart, separator);
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}
