package dev.mailroom.mail.address;

import java.util.Locale;
import java.util.Optional;

/**
 * A local part split at its first sub-address separator (RFC 5233 style {@code name+detail}); the separator is
 * configurable per service.
 *
 * @param name   the part before the separator (the whole local part when there is none); may be empty
 * @param detail the part after the first separator; empty when there is no separator or nothing after it
 */
public record SubAddress(String name, Optional<String> detail) {

    /** Splits {@code localPart} at the first {@code separator}; an empty separator never splits. */
    public static SubAddress split(String localPart, String separator) {
        int sep = separator == null || separator.isEmpty() ? -1 : localPart.indexOf(separator);
        if (sep < 0) {
            return new SubAddress(localPart, Optional.empty());
        }
        String detail = localPart.substring(sep + separator.length());
        return new SubAddress(localPart.substring(0, sep), detail.isEmpty() ? Optional.empty() : Optional.of(detail));
    }

    /** The name without its detail, lower case: {@code Echo+t1} with {@code "+"} is {@code echo}. */
    public static String mailboxName(String localPart, String separator) {
        return split(localPart, separator).name().toLowerCase(Locale.ROOT);
    }
}
