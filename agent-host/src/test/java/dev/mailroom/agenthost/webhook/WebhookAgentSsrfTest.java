package dev.mailroom.agenthost.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailroom.agenthost.rest.TestApiKeys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Webhook agent URLs follow platform's SSRF rule (ADR 0038) when private addresses are not allowed (the default). */
@QuarkusTest
@TestProfile(WebhookAgentSsrfTest.Strict.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(TestApiKeys.class)
class WebhookAgentSsrfTest {

    /** {@code mailroom.webhooks.allow-private=false}. */
    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.webhooks.allow-private", "false");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/x", "http://10.0.0.1/x", "http://169.254.169.254/latest/meta-data",
            "http://[::1]/x", "http://localhost/x"})
    void aWebhookUrlReachingAnInternalAddressIsRefused(String url) {
        String s = UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", "Bearer " + TestApiKeys.token("admin-key")).contentType(ContentType.JSON)
                .body(Map.of("name", "Ssrf" + s, "address", "ssrf-" + s, "webhook",
                        Map.of("url", url, "secret", "0123456789abcdef0123")))
                .when().post("/v1/agents").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("webhook.url")).body("detail", startsWith("webhook.url:"))
                .body("detail", containsString("only public addresses"));
    }
}
