package dev.mailroom.api.domain;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Domain names of the store: the lower-case A-label form (IDNA ASCII), without a trailing dot. Internationalised
 * names given as U-labels ({@code bücher.example}) are converted; everything that is not a host name of at least two
 * labels is refused, with a reason the API can show.
 */
public final class DomainNames {

    /**
     * Longest domain accepted: the longest name Mailroom publishes, {@code <selector>._domainkey.<domain>} with a
     * selector of up to 11 characters, must stay within 253 characters (RFC 1035 §2.3.4).
     */
    public static final int MAX_LENGTH = 230;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DomainNames() {
    }

    /** The name is not usable; {@link #getMessage()} says why, for a client. */
    public static final class InvalidDomainException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidDomainException(String message) {
            super(message, null, false, false);
        }
    }

    /** The canonical form of {@code input}: A-labels, lower case, no trailing dot. */
    public static String normalize(String input) throws InvalidDomainException {
        if (input == null || input.isBlank()) {
            throw new InvalidDomainException("is required");
        }
        String name = input.strip();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidDomainException("is not a valid domain name");
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidDomainException("is longer than " + MAX_LENGTH + " characters");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidDomainException("needs at least two labels, e.g. example.org");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidDomainException("is not a valid domain name (label '" + label + "': letters, digits"
                        + " and inner hyphens, 1 to 63 characters)");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new InvalidDomainException("is an IP address or has a numeric top-level label");
        }
        return ascii;
    }
}
