package dev.mailroom.platform.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do (ADR 0028). A key's scope is its permissions × its domains: {@code send}, {@code read},
 * {@code drafts} and {@code domains} act only within the key's domains; {@code keys} manages keys of those domains
 * (never wider than its own); {@code admin} implies every other permission for every domain.
 */
public enum Permission {
    /** Send mail (REST, SMTP submission, MCP) from the key's domains. */
    SEND,
    /** Read messages, their status, agents' instances, threads and history of the key's domains. */
    READ,
    /** List, approve and reject agents' drafts of the key's domains. */
    DRAFTS,
    /** Add, verify, publish and remove the key's domains. */
    DOMAINS,
    /** Create, list and revoke keys no wider than the caller's own. */
    KEYS,
    /** Everything, every domain: agent classes, suppressions, every key. */
    ADMIN;

    /** The JSON and configuration name: lower case ({@code send}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The permission named {@code name} (case ignored), if any. */
    public static Optional<Permission> ofWireName(String name) {
        for (Permission p : values()) {
            if (p.wireName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
