package dev.mailroom.platform.auth;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.mailroom.contract.ApiKeyRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;

/**
 * Test keys for services that verify keys from {@code mailroom.api-keys} (shipped in platform's test-jar): publishes
 * a key record the way the api does (on the broker of the stack's {@code KafkaTestResource}) and returns its token;
 * {@link #revoke} publishes the tombstone. Services pick a record up within a second of its publication.
 */
public final class TestKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    /** A new token {@code mr_<id>_<secret>} for key {@code id}. */
    public static String token(String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "mr_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** A fresh key id (letters and digits). */
    public static String newId(String prefix) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return prefix + java.util.HexFormat.of().formatHex(bytes);
    }

    /** Publishes key {@code id} with {@code token}; returns the token. */
    public static String publish(String id, String token, Set<Permission> permissions, List<String> domains,
            Integer ratePerMinute) {
        ApiKeyRecord record = ApiKeyRecord.of(id, "test", LocalApiKeyVerifier.sha256Hex(token),
                permissions.stream().map(Permission::wireName).toList(),
                domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList(), ratePerMinute, Instant.now());
        KafkaTestClient.produce(Topics.API_KEYS, id, Json.encode(record), null);
        return token;
    }

    /** Publishes a new key with a fresh id and token; returns the token. */
    public static String publish(Set<Permission> permissions, List<String> domains, Integer ratePerMinute) {
        String id = newId("t");
        return publish(id, token(id), permissions, domains, ratePerMinute);
    }

    /** Publishes the tombstone of key {@code id}. */
    public static void revoke(String id) {
        KafkaTestClient.produce(Topics.API_KEYS, id, null, null);
    }

    /** The key id of {@code token}. */
    public static String idOf(String token) {
        return LocalApiKeyVerifier.idOf(token);
    }
}
