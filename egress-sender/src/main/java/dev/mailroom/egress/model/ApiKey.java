package dev.mailroom.egress.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An API key: who may call the REST API, from which domains it may send, how fast. The secret is stored hashed. */
@Entity
@Table(name = "api_key")
public class ApiKey {

    /** Domain list value meaning "every domain". */
    public static final String ALL_DOMAINS = "*";

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "secret_sha256", nullable = false)
    public String secretSha256;

    /** Comma-separated lower-case domains, or {@link #ALL_DOMAINS}. */
    @Column(nullable = false)
    public String domains;

    @Column(nullable = false)
    public boolean admin;

    @Column(name = "rate_per_minute")
    public Integer ratePerMinute;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public List<String> domainList() {
        return Arrays.stream(domains.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
