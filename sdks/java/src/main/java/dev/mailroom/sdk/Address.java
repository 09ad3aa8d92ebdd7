package dev.mailroom.sdk;

import java.util.List;

/** A mailbox address with its display name (may be {@code null}). */
public record Address(String name, String address) {

    static Address from(JsonObject j) {
        return j.keys().isEmpty() ? null : new Address(j.string("name"), j.string("address"));
    }

    static List<Address> list(JsonObject j, String key) {
        return j.objects(key).stream().map(Address::from).toList();
    }

    /** {@code Name <address>}, or the address alone. */
    @Override
    public String toString() {
        return name == null || name.isEmpty() ? String.valueOf(address) : name + " <" + address + ">";
    }
}
