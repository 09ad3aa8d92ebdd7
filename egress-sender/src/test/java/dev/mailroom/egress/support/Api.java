package dev.mailroom.egress.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import dev.mailroom.platform.auth.LocalApiKeyVerifier;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Calls of the REST API as a client makes them. */
public final class Api {

    /**
     * An admin key, published on {@code mailroom.api-keys} as the api publishes its bootstrap key (record id
     * {@code bootstrap}) the first time a test uses it.
     */
    public static final String BOOTSTRAP = "test-bootstrap-key-0123456789abcdef0123456789";

    private static volatile boolean bootstrapPublished;

    private Api() {
    }

    public static RequestSpecification as(String token) {
        if (BOOTSTRAP.equals(token) && !bootstrapPublished) {
            publishBootstrap();
        }
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static synchronized void publishBootstrap() {
        if (!bootstrapPublished) {
            TestKeys.publish(LocalApiKeyVerifier.BOOTSTRAP_ID, BOOTSTRAP, EnumSet.of(Permission.ADMIN),
                    List.of("*"), null);
            awaitAccepted(BOOTSTRAP);
            bootstrapPublished = true;
        }
    }

    /**
     * A new key for {@code domains} with the permissions egress-sender's send API needs (send, read), published on
     * {@code mailroom.api-keys} as the api does; returns its token once egress-sender accepts it. Rates are the
     * api's (ADR 0031): egress-sender does not limit them, so {@code ratePerMinute} only travels in the record.
     */
    public static String key(List<String> domains, Integer ratePerMinute) {
        String token = TestKeys.publish(EnumSet.of(Permission.SEND, Permission.READ), domains, ratePerMinute);
        awaitAccepted(token);
        return token;
    }

    /** Waits until egress-sender's key table holds {@code token} (the table follows the topic within a second). */
    private static void awaitAccepted(String token) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .header("Authorization", "Bearer " + token).get("/v1/messages/none").statusCode() != 401);
    }

    /** Sends and returns the id (expects 202). */
    public static String send(String token, Map<String, Object> message) {
        return as(token).body(message).post("/v1/send").then().statusCode(202).extract().path("id");
    }

    public static JsonPath message(String token, String id) {
        return as(token).get("/v1/messages/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the message exists (messages from Kafka appear once spooled) and has {@code status}. */
    public static JsonPath awaitStatus(String token, String id, String status) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = message(token, id);
            return status.equals(last[0].getString("status"));
        });
        return last[0];
    }
}
