package dev.mailroom.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.ApiKeyRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.TopicTable;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;

/**
 * {@link ApiKeyVerifierContract} for {@link LocalApiKeyVerifier} over a real broker: keys are issued and revoked by
 * publishing records and tombstones on {@code mailroom.api-keys} as the api does; revocation takes effect within
 * seconds. "Unavailable" is a table whose broker is not there (never loaded).
 */
class LocalApiKeyVerifierTest implements ApiKeyVerifierContract {

    private static TopicTable<ApiKeyRecord> table;
    private static LocalApiKeyVerifier verifier;
    private boolean unavailable;

    @BeforeAll
    static void start() throws Exception {
        String bootstrap = KafkaTestResource.bootstrapServers();
        table = new TopicTable<>(bootstrap, Topics.API_KEYS, "platform-test-" + UUID.randomUUID(),
                v -> Json.decode(v, ApiKeyRecord.class, ApiKeyRecord.VERSION), k -> k);
        table.start();
        assertTrue(table.awaitLoaded(WAIT));
        verifier = new LocalApiKeyVerifier(table, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() throws Exception {
        table.close();
    }

    @Override
    public ApiKeyVerifier verifier() {
        if (unavailable) {
            // port 1 on loopback: nothing listens, the table never loads
            return new LocalApiKeyVerifier(new TopicTable<>("127.0.0.1:1", Topics.API_KEYS, "platform-test-none",
                    v -> Json.decode(v, ApiKeyRecord.class, ApiKeyRecord.VERSION), k -> k), Duration.ofMillis(300));
        }
        return verifier;
    }

    @Override
    public IssuedKey issue(List<String> domains, boolean admin) {
        String id = TestKeys.newId("c");
        String token = TestKeys.publish(id, TestKeys.token(id),
                admin ? EnumSet.of(Permission.ADMIN) : EnumSet.of(Permission.SEND), domains, null);
        Awaitility.await().atMost(WAIT).until(() -> table.get(id).isPresent());
        return new IssuedKey(token, id);
    }

    @Override
    public void revoke(IssuedKey key) {
        lastRevoked = key.keyId();
        TestKeys.revoke(key.keyId());
    }

    @Override
    public void letRevocationTakeEffect() {
        // the table follows the topic: a tombstone counts within seconds (the bound of ADR 0031)
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> table.get(lastRevoked).isEmpty());
    }

    private String lastRevoked;

    @Override
    public boolean makeStoreUnavailable() {
        unavailable = true;
        return true;
    }

    @Test
    void permissionsAndRateComeFromTheRecordAndUnknownPermissionNamesAreIgnored() {
        String id = TestKeys.newId("p");
        String token = TestKeys.token(id);
        KafkaTestClient.produce(Topics.API_KEYS, id, Json.encode(ApiKeyRecord.of(id, "x",
                LocalApiKeyVerifier.sha256Hex(token), List.of("send", "drafts", "teleport"), List.of("a.example"), 42,
                null)), null);
        Awaitility.await().atMost(WAIT).until(() -> table.get(id).isPresent());
        Caller caller = verifier.verify(token).await().atMost(WAIT);
        assertNotNull(caller);
        assertEquals(Set.of(Permission.SEND, Permission.DRAFTS), caller.permissions());
        assertEquals(42, caller.ratePerMinute());
    }

    @Test
    void theBootstrapKeyMayHaveAnyFormAndOtherMalformedTokensAreComparedWithItAlone() {
        String bootstrap = "any-form-bootstrap-" + UUID.randomUUID();
        TestKeys.publish(LocalApiKeyVerifier.BOOTSTRAP_ID, bootstrap, EnumSet.of(Permission.ADMIN),
                List.of("*"), null);
        Awaitility.await().atMost(WAIT).until(() -> verifier.verify(bootstrap).await().atMost(WAIT) != null);
        Caller caller = verifier.verify(bootstrap).await().atMost(WAIT);
        assertEquals(LocalApiKeyVerifier.BOOTSTRAP_ID, caller.keyId());
        assertTrue(caller.admin());
        assertNull(verifier.verify(bootstrap + "x").await().atMost(WAIT));
        assertNull(verifier.verify("mr_bootstrap_" + bootstrap).await().atMost(WAIT));
    }

    @Test
    void aTableThatHasNotLoadedMakesTheCheckUnavailableNotARefusal() {
        unavailable = true;
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> verifier().verify("mr_abc_def").await().atMost(WAIT));
        assertInstanceOf(KeyCheckUnavailable.class, e);
    }

    @Test
    void idsAreTheFirstSegmentOfWellFormedTokens() {
        assertEquals("abc", LocalApiKeyVerifier.idOf("mr_abc_def_ghi"));
        assertEquals(LocalApiKeyVerifier.BOOTSTRAP_ID, LocalApiKeyVerifier.idOf("mr_abc_"));
        assertEquals(LocalApiKeyVerifier.BOOTSTRAP_ID, LocalApiKeyVerifier.idOf("mr__def"));
        assertEquals(LocalApiKeyVerifier.BOOTSTRAP_ID, LocalApiKeyVerifier.idOf("token"));
    }
}
