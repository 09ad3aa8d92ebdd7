package dev.mailroom.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.mailroom.contract.ApiKeyRecord;
import dev.mailroom.platform.table.ApiKeyTable;
import dev.mailroom.platform.table.TopicTable;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The {@link ApiKeyVerifier} of every service (ADR 0031): tokens are checked against the key table that the api
 * publishes on {@code mailroom.api-keys} ({@link ApiKeyTable}), locally, without a call to another service. A token
 * is {@code mr_<id>_<secret>}: the id is looked up and the SHA-256 of the whole token compared with the record's in
 * constant time ({@link MessageDigest#isEqual}). A token of another form can only be the api's configured bootstrap
 * key (record id {@value #BOOTSTRAP_ID}). Unknown, revoked (tombstoned), malformed: a null item (REST 401, SMTP 535).
 *
 * <p>Until the table has read the topic to its end once (a process that just started), a check waits for it up to
 * {@link #LOAD_WAIT}, then fails with {@link KeyCheckUnavailable} (REST 503, SMTP 454): a key is never refused only
 * because the table is still loading. Once loaded, the table follows the topic: a revocation counts here within
 * about a second. Never blocks; safe for concurrent use.
 */
@ApplicationScoped
public class LocalApiKeyVerifier implements ApiKeyVerifier {

    /** Record id of the api's configured bootstrap key. */
    public static final String BOOTSTRAP_ID = "bootstrap";

    /** How long a check waits for a table that has not loaded yet. */
    public static final Duration LOAD_WAIT = Duration.ofSeconds(10);

    private final TopicTable<ApiKeyRecord> table;
    private final Duration loadWait;

    @Inject
    public LocalApiKeyVerifier(ApiKeyTable table) {
        this(table.table(), LOAD_WAIT);
    }

    /** Over any table of key records (tests: a table whose broker is not there). */
    public LocalApiKeyVerifier(TopicTable<ApiKeyRecord> table, Duration loadWait) {
        this.table = table;
        this.loadWait = loadWait;
    }

    @Override
    public Uni<Caller> verify(String token) {
        if (token == null || token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return Uni.createFrom().nullItem();
        }
        if (table.loaded()) {
            return Uni.createFrom().item(check(token));
        }
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(table.whenLoaded())
                .ifNoItem().after(loadWait).failWith(() -> new KeyCheckUnavailable(
                        "the key table of " + table.topic() + " has not loaded yet", null))
                .emitOn(command -> {
                    if (context != null) {
                        context.runOnContext(v -> command.run());
                    } else {
                        command.run();
                    }
                })
                .map(loaded -> check(token));
    }

    private Caller check(String token) {
        ApiKeyRecord key = table.get(idOf(token)).orElse(null);
        if (key == null) {
            return null;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(key.secretSha256());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!MessageDigest.isEqual(sha256(token), expected)) {
            return null;
        }
        return caller(key);
    }

    /** The caller a key record describes (unknown permission names are ignored). */
    public static Caller caller(ApiKeyRecord key) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        key.permissions().forEach(p -> Permission.ofWireName(p).ifPresent(permissions::add));
        return new Caller(key.id(), permissions, key.domains(), key.ratePerMinute());
    }

    /**
     * The key id of {@code token}: {@code <id>} of {@code mr_<id>_<secret>} (id and secret not empty), else
     * {@value #BOOTSTRAP_ID}, the only key whose token may have any form.
     */
    public static String idOf(String token) {
        if (token.startsWith("mr_")) {
            int end = token.indexOf('_', 3);
            if (end > 3 && end < token.length() - 1) {
                return token.substring(3, end);
            }
        }
        return BOOTSTRAP_ID;
    }

    /** SHA-256 of {@code token} (UTF-8), lower-case hex: what a key record stores. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
