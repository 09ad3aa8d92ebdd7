package dev.mailroom.egress.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A sending domain of the domain store. Its DKIM keys are {@link DomainKey} rows. */
@Entity
@Table(name = "domain")
public class Domain {

    /** Lower-case A-label, no trailing dot. */
    @Id
    public String name;

    /** Null: the configured default ({@code mailroom.deliverability.require-verified-dkim}). */
    @Column(name = "require_verified_dkim")
    public Boolean requireVerifiedDkim;

    /** Every signing key's record was found in DNS at the last verification (or since). */
    @Column(name = "dkim_verified", nullable = false)
    public boolean dkimVerified;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    /** JSON list of the last verification's per-record results. */
    public String verification;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
