package dev.mailroom.mailbox.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The SSRF rule with private addresses not allowed (production's default): at creation and at every delivery. */
@QuarkusTest
@TestProfile(WebhookSsrfTest.Strict.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class WebhookSsrfTest {

    /** {@code mailroom.webhooks.allow-private=false}. */
    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.webhooks.allow-private", "false");
        }
    }

    @Inject
    Pool pool;

    static String token;

    private static String token() {
        if (token == null) {
            String t = TestKeys.publish(EnumSet.of(Permission.READ), List.of("ssrf.test"), null);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> given()
                    .header("Authorization", "Bearer " + t).get("/v1/webhooks").then().statusCode(200));
            token = t;
        }
        return token;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data",
            "http://[::1]:9000/hook", "http://localhost:8080/hook", "http://192.168.0.10/", "http://100.64.1.1/",
            "http://[fd00::1]/", "http://0.0.0.0/"})
    void aUrlReachingAnInternalAddressIsRefusedAtCreation(String url) {
        given().header("Authorization", "Bearer " + token()).contentType(ContentType.JSON)
                .body(Map.of("url", url, "event_types", List.of("message.received"))).post("/v1/webhooks").then()
                .statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("url"))
                .body("errors[0].detail", containsString("only public addresses"));
    }

    @Test
    void aStoredUrlThatNowReachesAnInternalAddressIsRefusedAtDelivery() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String id = "wh_ssrf" + TestKeys.newId("");
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            // as if the name had resolved to a public address at creation (DNS rebinding)
            pool.preparedQuery("INSERT INTO webhook (id, key_id, scope, url, event_types, secret, created_at, updated_at)"
                    + " VALUES ($1, 'k', $2, $3, $4, $5, $6, $6)").execute(Tuple.from(new Object[] {id,
                            new String[] {"rebind.test"}, receiver.url("/internal"),
                            new String[] {"message.received"}, Signatures.newSecret(), now}))
                    .await().indefinitely();
            EventRows.log(pool, "message.received", "rebind.test", null, "r1", new JsonObject().put("message_id", "r1"));
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.preparedQuery("SELECT attempts FROM webhook_delivery"
                    + " WHERE webhook_id = $1").execute(Tuple.of(id)).await().indefinitely().iterator().next()
                    .getInteger(0) >= 1);
            String error = pool.preparedQuery("SELECT last_error FROM webhook_delivery WHERE webhook_id = $1")
                    .execute(Tuple.of(id)).await().indefinitely().iterator().next().getString(0);
            org.hamcrest.MatcherAssert.assertThat(error, startsWith("refused: the host 127.0.0.1 resolves to 127.0.0.1"));
            assertEquals(0, receiver.at("/internal").size(), "nothing reached the internal address");
        }
    }
}
