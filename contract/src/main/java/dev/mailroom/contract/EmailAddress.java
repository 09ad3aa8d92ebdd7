package dev.mailroom.contract;

import java.util.Objects;

/**
 * A mailbox: an optional display name and an addr-spec.
 *
 * @param name    display name, may be null
 * @param address addr-spec ({@code local@domain}), never null
 */
public record EmailAddress(String name, String address) {

    public EmailAddress {
        Objects.requireNonNull(address, "address");
    }

    public static EmailAddress of(String address) {
        return new EmailAddress(null, address);
    }

    /** The domain part, lower case; empty when the address has none. */
    public String domain() {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return name == null || name.isBlank() ? address : name + " <" + address + ">";
    }
}
