package dev.mailroom.egress.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Calls of the REST API as a client makes them. */
public final class Api {

    /** The bootstrap admin key of the test profile (application.properties). */
    public static final String BOOTSTRAP = "test-bootstrap-key-0123456789abcdef0123456789";

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A new non-admin key for {@code domains}; returns its token. */
    public static String key(List<String> domains, Integer ratePerMinute) {
        Map<String, Object> body = ratePerMinute == null ? Map.of("name", "test", "domains", domains)
                : Map.of("name", "test", "domains", domains, "rate_per_minute", ratePerMinute);
        return as(BOOTSTRAP).body(body).post("/v1/api-keys").then().statusCode(201).extract().path("key");
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
