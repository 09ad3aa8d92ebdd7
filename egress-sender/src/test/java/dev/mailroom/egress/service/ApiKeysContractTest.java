package dev.mailroom.egress.service;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.as;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;

import dev.mailroom.egress.config.ApiConfig;
import dev.mailroom.egress.repository.ApiKeyRepository;
import dev.mailroom.egress.repository.ApiKeySql;
import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.platform.auth.ApiKeyVerifier;
import dev.mailroom.platform.auth.ApiKeyVerifierContract;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * {@link ApiKeyVerifierContract} for egress-sender's own key store, {@link ApiKeys}, over the test PostgreSQL: keys
 * are issued and revoked through {@code /v1/api-keys} as an admin does it; revocation is immediate. "Unavailable" is
 * the same class over a pool whose PostgreSQL is not there.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class ApiKeysContractTest implements ApiKeyVerifierContract {

    @Inject
    ApiKeys apiKeys;
    @Inject
    ApiKeyRepository repository;
    @Inject
    ApiKeySql keySql;
    @Inject
    ApiConfig config;
    @Inject
    Vertx vertx;

    private Pool nowhere;

    @AfterEach
    void closeNowhere() {
        if (nowhere != null) {
            nowhere.closeAndAwait();
            nowhere = null;
        }
    }

    @Override
    public ApiKeyVerifier verifier() {
        return nowhere == null ? apiKeys : new ApiKeys(repository, keySql, nowhere, config);
    }

    @Override
    public IssuedKey issue(List<String> domains, boolean admin) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "contract", "admin", admin));
        if (!domains.isEmpty()) {
            body.put("domains", domains);
        }
        JsonPath created = as(BOOTSTRAP).body(body).post("/v1/api-keys").then().statusCode(201).extract().jsonPath();
        return new IssuedKey(created.getString("key"), created.getString("id"));
    }

    @Override
    public void revoke(IssuedKey key) {
        as(BOOTSTRAP).delete("/v1/api-keys/" + key.keyId()).then().statusCode(204);
    }

    @Override
    public void letRevocationTakeEffect() {
        // immediate: ApiKeys reads the key on every check
    }

    @Override
    public boolean makeStoreUnavailable() {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nowhere = PgPool.pool(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(port).setDatabase("none")
                .setUser("none").setPassword("none").setConnectTimeout(2000), new PoolOptions().setMaxSize(1));
        return true;
    }
}
