package dev.mailroom.api.rest;

import static dev.mailroom.api.support.Keys.BOOTSTRAP;
import static dev.mailroom.api.support.Keys.as;
import static dev.mailroom.api.support.Keys.create;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.api.support.Keys;
import dev.mailroom.contract.ApiKeyRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.auth.LocalApiKeyVerifier;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code /v1/api-keys} on the api with a real broker and PostgreSQL: the token once, hashes only, scopes, pages. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ApiKeysApiTest {

    private static final Duration SECONDS = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @BeforeEach
    void bootstrap() {
        Keys.awaitBootstrap();
    }

    @Test
    void theTokenIsShownOnceAndOnlyItsHashIsStoredAndPublished() {
        JsonPath created = create(BOOTSTRAP, List.of("send", "read"), List.of("Mail.Example"), 30);
        String id = created.getString("id");
        String token = created.getString("token");
        assertTrue(token.startsWith("mr_" + id + "_"), token);
        assertEquals(List.of("send", "read"), created.getList("permissions"));
        assertEquals(List.of("mail.example"), created.getList("domains"));
        assertEquals(30, created.getInt("rate_per_minute"));
        assertTrue(created.getString("created_at").endsWith("Z"), created.prettify());

        as(BOOTSTRAP).get("/v1/api-keys/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("token", nullValue());
        await().atMost(SECONDS).until(() -> as(BOOTSTRAP).get("/v1/api-keys?limit=200").then().extract()
                .jsonPath().getList("items.id").contains(id));
        as(BOOTSTRAP).get("/v1/api-keys?limit=200").then().statusCode(200).body("items.token", not(hasItem(notNullValue())));

        Row row = pool.preparedQuery("select * from api.api_key where id = $1").execute(Tuple.of(id)).await()
                .atMost(SECONDS).iterator().next();
        assertEquals(LocalApiKeyVerifier.sha256Hex(token), row.getString("secret_sha256"));
        for (int i = 0; i < row.size(); i++) {
            Object value = row.getValue(i);
            assertFalse(value != null && String.valueOf(value).contains(token.substring(token.indexOf('_', 3) + 1)),
                    "column " + row.getColumnName(i) + " holds the secret");
        }

        ConsumerRecord<String, byte[]> published = KafkaTestClient.await(Topics.API_KEYS, r -> id.equals(r.key()),
                1, SECONDS).get(0);
        String json = new String(published.value(), StandardCharsets.UTF_8);
        assertFalse(json.contains(token.substring(token.indexOf('_', 3) + 1)), json);
        ApiKeyRecord record = Json.decode(published.value(), ApiKeyRecord.class, ApiKeyRecord.VERSION);
        assertEquals(LocalApiKeyVerifier.sha256Hex(token), record.secretSha256());
        assertEquals(List.of("send", "read"), record.permissions());
        assertEquals(30, record.ratePerMinute());

        // the new key works at the edge
        await().atMost(SECONDS).until(() -> as(token).get("/v1/api-keys").statusCode() == 403);
    }

    @Test
    void theBootstrapKeyIsPublishedAsAHashUnderItsOwnId() {
        ConsumerRecord<String, byte[]> published = KafkaTestClient.await(Topics.API_KEYS,
                r -> LocalApiKeyVerifier.BOOTSTRAP_ID.equals(r.key()) && r.value() != null, 1, SECONDS).get(0);
        ApiKeyRecord record = Json.decode(published.value(), ApiKeyRecord.class, ApiKeyRecord.VERSION);
        assertEquals(LocalApiKeyVerifier.sha256Hex(BOOTSTRAP), record.secretSha256());
        assertEquals(List.of("admin"), record.permissions());
        assertFalse(new String(published.value(), StandardCharsets.UTF_8).contains(BOOTSTRAP));
    }

    @Test
    void revocationIsATombstoneAndTheKeyIsRefusedWithinSeconds() {
        String token = Keys.ready(List.of("read"), List.of("mail.example"), null);
        String id = token.substring(3, token.indexOf('_', 3));
        as(BOOTSTRAP).delete("/v1/api-keys/" + id).then().statusCode(204);
        KafkaTestClient.await(Topics.API_KEYS, r -> id.equals(r.key()) && r.value() == null, 1, SECONDS);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> as(token).get("/v1/api-keys").statusCode() == 401);
        as(BOOTSTRAP).get("/v1/api-keys/" + id).then().statusCode(404);
        // revoking again publishes the tombstone again: a retry after a 503 is safe
        as(BOOTSTRAP).delete("/v1/api-keys/" + id).then().statusCode(204);
        as(BOOTSTRAP).delete("/v1/api-keys/knosuchkey").then().statusCode(404)
                .contentType("application/problem+json");
    }

    /**
     * The scope matrix: a key holding {@code keys} and one other permission, for domain own.example, against keys
     * of each permission and of its own or another domain.
     */
    @Test
    void aKeysKeyManagesOnlyKeysWithinItsPermissionsAndDomains() {
        List<String> permissions = List.of("send", "read", "drafts", "domains");
        for (String held : permissions) {
            String manager = Keys.ready(List.of("keys", held), List.of("own.example"), null);
            for (String wanted : List.of("send", "read", "drafts", "domains", "keys", "admin")) {
                for (String domain : List.of("own.example", "other.example")) {
                    boolean allowed = (wanted.equals(held) || wanted.equals("keys")) && domain.equals("own.example");
                    var answer = as(manager).body(Map.of("name", "m", "permissions", List.of(wanted),
                            "domains", List.of(domain))).post("/v1/api-keys").then();
                    if (allowed) {
                        answer.statusCode(201);
                    } else {
                        answer.statusCode(403).contentType("application/problem+json")
                                .body("type", equalTo("https://mailroom.dev/problems/forbidden"));
                    }
                }
            }
            // keys outside its scope do not exist for it; its own are listed, shown and revocable
            String inside = create(manager, List.of(held), List.of("own.example"), null).getString("id");
            String wider = create(BOOTSTRAP, List.of(held), List.of("other.example"), null).getString("id");
            String stronger = create(BOOTSTRAP, List.of("admin"), null, null).getString("id");
            as(manager).get("/v1/api-keys/" + inside).then().statusCode(200);
            as(manager).get("/v1/api-keys/" + wider).then().statusCode(404);
            as(manager).get("/v1/api-keys/" + stronger).then().statusCode(404);
            as(manager).delete("/v1/api-keys/" + wider).then().statusCode(404);
            as(manager).delete("/v1/api-keys/" + stronger).then().statusCode(404);
            List<String> listed = listAll(manager);
            assertTrue(listed.contains(inside), listed.toString());
            assertFalse(listed.contains(wider) || listed.contains(stronger), listed.toString());
            as(manager).delete("/v1/api-keys/" + inside).then().statusCode(204);
            as(BOOTSTRAP).get("/v1/api-keys/" + wider).then().statusCode(200);
        }
    }

    @Test
    void keysWithoutTheKeysPermissionManageNoKey() {
        for (String held : List.of("send", "read", "drafts", "domains")) {
            String token = Keys.ready(List.of(held), List.of("own.example"), null);
            as(token).get("/v1/api-keys").then().statusCode(403).contentType("application/problem+json");
            as(token).get("/v1/api-keys/anything").then().statusCode(403);
            as(token).delete("/v1/api-keys/anything").then().statusCode(403);
            as(token).body(Map.of("name", "x", "permissions", List.of(held), "domains", List.of("own.example")))
                    .post("/v1/api-keys").then().statusCode(403);
        }
    }

    @Test
    void anAdminKeyManagesEveryKey() {
        String admin = Keys.ready(List.of("admin"), null, null);
        String other = create(BOOTSTRAP, List.of("send"), List.of("other.example"), null).getString("id");
        as(admin).get("/v1/api-keys/" + other).then().statusCode(200);
        JsonPath second = create(admin, List.of("admin"), null, null);
        assertEquals(List.of("*"), second.getList("domains"));
        as(admin).delete("/v1/api-keys/" + other).then().statusCode(204);
    }

    @Test
    void listsArePagesWithOpaqueTokens() {
        for (int i = 0; i < 3; i++) {
            create(BOOTSTRAP, List.of("read"), List.of("paged.example"), null);
        }
        List<String> seen = new ArrayList<>();
        String page = null;
        int pages = 0;
        do {
            var spec = as(BOOTSTRAP).queryParam("limit", 2);
            if (page != null) {
                spec = spec.queryParam("page_token", page);
            }
            JsonPath answer = spec.get("/v1/api-keys").then().statusCode(200).extract().jsonPath();
            List<String> ids = answer.getList("items.id");
            assertTrue(ids.size() <= 2);
            seen.addAll(ids);
            page = answer.getString("next_page_token");
            pages++;
        } while (page != null);
        assertTrue(pages >= 2, "pages " + pages);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no key twice: " + seen);
        as(BOOTSTRAP).get("/v1/api-keys?limit=0").then().statusCode(422).body("errors[0].field", equalTo("limit"));
        as(BOOTSTRAP).get("/v1/api-keys?page_token=garbage!").then().statusCode(422)
                .body("errors[0].field", equalTo("page_token"));
    }

    @Test
    void invalidBodiesAreProblemsNamingTheField() {
        as(BOOTSTRAP).body(Map.of("name", "x", "permissions", List.of("send"), "domains", List.of("a.example"),
                "admin", true)).post("/v1/api-keys").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("admin"));
        as(BOOTSTRAP).body(Map.of("name", "", "permissions", List.of("send", "fly"), "domains", List.of("not a domain"),
                "rate_per_minute", 0)).post("/v1/api-keys").then().statusCode(422)
                .body("errors.field", hasItems("name", "permissions[1]", "domains[0]", "rate_per_minute"));
        as(BOOTSTRAP).body(Map.of("name", "x", "permissions", List.of("send"))).post("/v1/api-keys").then()
                .statusCode(422).body("errors.field", hasItem("domains"));
    }

    @Test
    void everyAnswerToAKeyCarriesTheRateLimitHeadersAndNoKeyIs401() {
        as(BOOTSTRAP).get("/v1/api-keys?limit=1").then().statusCode(200).header("RateLimit-Limit", "600")
                .header("RateLimit-Remaining", notNullValue()).header("RateLimit-Reset", notNullValue());
        given().get("/v1/api-keys").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/unauthorized"));
        as(BOOTSTRAP + "x").get("/v1/api-keys").then().statusCode(401);
        as("mr_nosuchkey_abcdef").get("/v1/api-keys").then().statusCode(401);
    }

    private static List<String> listAll(String token) {
        List<String> ids = new ArrayList<>();
        String page = null;
        do {
            var spec = as(token).queryParam("limit", 200);
            if (page != null) {
                spec = spec.queryParam("page_token", page);
            }
            JsonPath answer = spec.get("/v1/api-keys").then().statusCode(200).extract().jsonPath();
            ids.addAll(answer.getList("items.id"));
            page = answer.getString("next_page_token");
        } while (page != null);
        return ids;
    }
}
