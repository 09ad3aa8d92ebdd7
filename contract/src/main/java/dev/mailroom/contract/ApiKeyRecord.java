package dev.mailroom.contract;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One API key, the value of {@link Topics#API_KEYS} (a compacted topic: the latest record per key id is the key's
 * state). Key = {@link #id()}; a tombstone (null value) means the key was revoked or deleted. The api owns the keys
 * and writes the records; every service that checks a key (the api at its edge, agent-host, egress-sender,
 * ingress-smtp submission) reads the whole topic and verifies tokens locally. Never carries the token: only its
 * SHA-256, so reading the topic grants nothing.
 *
 * @param v             schema version, {@link #VERSION}
 * @param id            the key id, the {@code <id>} of the token {@code mr_<id>_<secret>} ({@code bootstrap} for the
 *                      api's configured bootstrap key); equals the record key
 * @param name          a label its creator chose
 * @param secretSha256  SHA-256 of the whole token (UTF-8), lower-case hex
 * @param permissions   permission wire names ({@code send}, {@code read}, {@code drafts}, {@code domains},
 *                      {@code keys}, {@code admin}); readers ignore names they do not know
 * @param domains       the domains the key acts for, lower case; {@code *} for every domain
 * @param ratePerMinute requests per minute the api admits for the key; null: the api's default
 * @param createdAt     when the key was created
 */
public record ApiKeyRecord(int v, String id, String name,
        @JsonProperty("secret_sha256") String secretSha256,
        List<String> permissions,
        List<String> domains,
        @JsonProperty("rate_per_minute") Integer ratePerMinute,
        @JsonProperty("created_at") Instant createdAt) {

    public static final int VERSION = 1;

    public ApiKeyRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secretSha256, "secret_sha256");
        secretSha256 = secretSha256.toLowerCase(Locale.ROOT);
        permissions = permissions == null ? List.of()
                : permissions.stream().map(p -> p.toLowerCase(Locale.ROOT)).distinct().toList();
        domains = domains == null ? List.of()
                : domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    public static ApiKeyRecord of(String id, String name, String secretSha256, List<String> permissions,
            List<String> domains, Integer ratePerMinute, Instant createdAt) {
        return new ApiKeyRecord(VERSION, id, name, secretSha256, permissions, domains, ratePerMinute, createdAt);
    }
}
