package dev.mailroom.api.model;

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

    /** RFC 2136 publication: the owner's authoritative server, {@code host:port}; null: not configured. */
    @Column(name = "dns_update_server")
    public String dnsUpdateServer;

    /** The zone the UPDATE names: the domain itself or a parent. */
    @Column(name = "dns_update_zone")
    public String dnsUpdateZone;

    @Column(name = "dns_update_key_name")
    public String dnsUpdateKeyName;

    @Column(name = "dns_update_key_algorithm")
    public String dnsUpdateKeyAlgorithm;

    /** The TSIG secret, sealed under the master key. */
    @Column(name = "dns_update_key_secret")
    public String dnsUpdateKeySecret;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** JSON: the last publication's outcome and changes. */
    public String publication;

    /** The sealing context of the TSIG secret. */
    public static String tsigSealContext(String domain) {
        return "mailroom-tsig:" + domain;
    }

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
