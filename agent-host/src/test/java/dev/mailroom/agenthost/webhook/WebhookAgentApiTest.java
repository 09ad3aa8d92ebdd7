package dev.mailroom.agenthost.webhook;

import static dev.mailroom.agenthost.TestMail.causedBy;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static dev.mailroom.agenthost.TestMail.routed;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.rest.TestApiKeys;
import dev.mailroom.agenthost.service.AgentDirectory;
import dev.mailroom.contract.AgentRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.AgentTable;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.RecordedAnswers;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The agent registry: every class published to mailroom.agents at start, webhook classes created, changed and removed
 * through {@code /v1/agents} (validation, clashes, admin keys) and served at once, stale classes tombstoned.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(TestApiKeys.class)
@WithTestResource(WebhookServer.class)
class WebhookAgentApiTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Inject
    AgentTable agents;

    @Inject
    AgentDirectory directory;

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + TestApiKeys.token(key)).contentType(ContentType.JSON);
    }

    private static String hookUrl() {
        return ConfigProvider.getConfig().getValue("mailroom.webhooks.\"Hook\".url", String.class);
    }

    private static Map<String, Object> body(String name, String address, String url, String secret) {
        return Map.of("name", name, "address", address,
                "webhook", Map.of("url", url, "secret", secret, "timeout", "5s"));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void everyClassOfCodeAndConfigurationIsPublishedAtStart() {
        await().atMost(WITHIN).until(() -> agents.table().get("Echo").isPresent()
                && agents.table().get("Hook").isPresent());
        AgentRecord echo = agents.table().get("Echo").orElseThrow();
        assertEquals(List.of("echo"), echo.addresses());
        assertEquals(AgentRecord.JAVA, echo.kind());
        assertEquals(AgentRecord.WEBHOOK, agents.table().get("Hook").orElseThrow().kind(), "a configured webhook");
        assertEquals("Echo", agents.classOf("ECHO").orElseThrow());
    }

    @Test
    void aWebhookClassCreatedThroughTheApiIsPublishedServedChangedAndRemoved() {
        String s = suffix();
        String name = "Triage" + s;
        String address = "triage-" + s;
        String created = as("admin-key").body(body(name, address, hookUrl(), WebhookServer.SECRET))
                .when().post("/v1/agents").then().statusCode(201)
                .header("Location", startsWith("http")).header("Location", org.hamcrest.Matchers.endsWith(
                        "/v1/agents/" + name))
                .body("name", equalTo(name)).body("kind", equalTo("webhook")).body("source", equalTo("api"))
                .body("addresses", equalTo(List.of(address))).body("webhook.url", equalTo(hookUrl()))
                .body("webhook.timeout", equalTo("5s"))
                .extract().asString();
        assertFalse(created.contains(WebhookServer.SECRET) || created.contains("secret"), created);
        RecordedAnswers.record("createAgent", created);
        await().atMost(WITHIN).until(() -> agents.classOf(address).isPresent());
        assertEquals(AgentRecord.WEBHOOK, agents.table().get(name).orElseThrow().kind());
        as("scoped-key").when().get("/v1/agents?limit=200").then().statusCode(200)
                .body("items.find { it.class == '" + name + "' }.kind", equalTo("webhook"))
                .body("items.find { it.class == 'Echo' }.kind", equalTo("java"))
                .body("items.find { it.class == 'Echo' }.addresses", equalTo(List.of("echo")));
        String got = as("scoped-key").when().get("/v1/agents/" + name).then().statusCode(200)
                .body("addresses", equalTo(List.of(address))).extract().asString();
        assertFalse(got.contains("secret"), got);
        RecordedAnswers.record("getAgent", got);

        String t = instance("api");
        RoutedEmail first = routed(name, t, "hello");
        publish(first);
        assertEquals("hook count=1 seen=1", causedBy(first.id()).text(), "served at once, signed with its secret");

        String moved = "help-" + s;
        RecordedAnswers.record("updateAgent", as("admin-key").body(Map.of("addresses", List.of(moved, address),
                "webhook", Map.of("url", hookUrl()))).when().put("/v1/agents/" + name).then().statusCode(200)
                .body("addresses", equalTo(List.of(moved, address))).body("webhook.timeout", equalTo("10s"))
                .extract().asString());
        await().atMost(WITHIN).until(() -> agents.classOf(moved).isPresent());
        RoutedEmail second = routed(name, t, "again");
        publish(second);
        assertTrue(causedBy(second.id()).text().startsWith("hook count=2"), "the stored secret is kept");

        as("admin-key").when().delete("/v1/agents/" + name).then().statusCode(204);
        await().atMost(WITHIN).until(() -> agents.table().get(name).isEmpty() && agents.classOf(address).isEmpty());
        as("admin-key").when().get("/v1/agents/" + name).then().statusCode(404)
                .contentType("application/problem+json");
        as("admin-key").when().delete("/v1/agents/" + name).then().statusCode(404);
        as("scoped-key").when().get("/v1/agents?limit=200").then().statusCode(200)
                .body("items.find { it.class == '" + name + "' }.registered", equalTo(false));
    }

    @Test
    void invalidFieldsAreNamedClashesAre409AndOnlyAdminsManageClasses() {
        String s = suffix();
        String url = hookUrl();
        String secret = WebhookServer.SECRET;
        as("admin-key").body(body("1bad", "ok-" + s, url, secret)).when().post("/v1/agents").then()
                .statusCode(422).contentType("application/problem+json").body("detail", startsWith("name:"))
                .body("errors[0].field", equalTo("name"));
        as("admin-key").body(body("Ok" + s, "a+b", url, secret)).when().post("/v1/agents").then()
                .statusCode(422).body("detail", startsWith("address:"));
        as("admin-key").body(body("Ok" + s, "ok-" + s, "ftp://127.0.0.1/x", secret)).when().post("/v1/agents")
                .then().statusCode(422).body("detail", startsWith("webhook.url:"));
        as("admin-key").body(body("Ok" + s, "ok-" + s, url, "short")).when().post("/v1/agents")
                .then().statusCode(422).body("detail", startsWith("webhook.secret:"));
        as("admin-key").body(Map.of("name", "Ok" + s, "webhook", Map.of("url", url, "secret", secret, "timeout",
                "forever"))).when().post("/v1/agents").then().statusCode(422)
                .body("detail", startsWith("webhook.timeout:"));
        as("admin-key").body("{not json").when().post("/v1/agents").then().statusCode(400)
                .body("type", equalTo("https://mailroom.dev/problems/malformed-json"));

        as("admin-key").body(body("ECHO", "other-" + s, url, secret)).when().post("/v1/agents").then()
                .statusCode(409).body("detail", startsWith("name:"));
        as("admin-key").body(body("Ok" + s, "echo", url, secret)).when().post("/v1/agents").then()
                .statusCode(409).body("detail", startsWith("address:")).body("detail", not(startsWith("name")));
        as("admin-key").body(body("Ok" + s, "ok-" + s, url, secret)).when().put("/v1/agents/Echo").then()
                .statusCode(409);
        as("admin-key").when().delete("/v1/agents/Echo").then().statusCode(409);
        as("admin-key").when().delete("/v1/agents/Nobody" + s).then().statusCode(404);

        as("scoped-key").body(body("Ok" + s, "ok-" + s, url, secret)).when().post("/v1/agents").then()
                .statusCode(403);
        given().contentType(ContentType.JSON).body(body("Ok" + s, "ok-" + s, url, secret)).when()
                .post("/v1/agents").then().statusCode(401);
        as("scoped-key").when().get("/v1/agents?limit=200").then().statusCode(200)
                .body("items.class", not(hasItem("Ok" + s)));
    }

    @Test
    void aClassThisHostNoLongerHasIsTombstonedByTheRepublication() {
        String ghost = "Ghost" + suffix();
        KafkaTestClient.produce(Topics.AGENTS, ghost, Json.encode(AgentRecord.of(ghost, List.of(ghost.toLowerCase()),
                AgentRecord.JAVA, Instant.now())), null);
        await().atMost(WITHIN).until(() -> agents.table().get(ghost).isPresent());
        int written = directory.reconcile().await().atMost(WITHIN);
        assertTrue(written >= 1, "the tombstone");
        await().atMost(WITHIN).until(() -> agents.table().get(ghost).isEmpty());
        assertTrue(agents.table().get("Echo").isPresent(), "the host's own classes stay");
    }
}
