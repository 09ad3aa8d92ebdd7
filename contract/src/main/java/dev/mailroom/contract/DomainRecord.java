package dev.mailroom.contract;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One domain of the domain store, the value of {@link Topics#DOMAINS} (a compacted topic: the latest record per key
 * is the domain's state). Key = {@link #name()}; a record with a null value (a tombstone) means the domain was
 * removed. egress-sender owns the store and writes the records; ingress-smtp reads the whole topic and accepts mail
 * for every domain whose record says {@link #accepted()}.
 *
 * @param v         schema version, {@link #VERSION}
 * @param name      the domain, lower-case A-label (IDNA ASCII form), no trailing dot; equals the record key
 * @param accepted  whether ingress accepts mail for it
 * @param updatedAt when the store last changed the domain
 */
public record DomainRecord(int v, String name, boolean accepted, Instant updatedAt) {

    public static final int VERSION = 1;

    public DomainRecord {
        Objects.requireNonNull(name, "name");
        name = name.toLowerCase(Locale.ROOT);
    }

    public static DomainRecord accepted(String name, Instant updatedAt) {
        return new DomainRecord(VERSION, name, true, updatedAt);
    }
}
