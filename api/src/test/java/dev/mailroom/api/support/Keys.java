package dev.mailroom.api.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** API keys as a client uses them against the api under test. */
public final class Keys {

    /** The bootstrap admin key of the test profile (application.properties). */
    public static final String BOOTSTRAP = "test-bootstrap-key-0123456789abcdef0123456789";

    private Keys() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** Waits until the api has published its bootstrap key and its own key table holds it. */
    public static void awaitBootstrap() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(BOOTSTRAP).get("/v1/api-keys?limit=1").statusCode() == 200);
    }

    /** Creates a key as {@code creator} (expects 201); the answer. */
    public static JsonPath create(String creator, List<String> permissions, List<String> domains, Integer rate) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "test", "permissions", permissions));
        if (domains != null) {
            body.put("domains", domains);
        }
        if (rate != null) {
            body.put("rate_per_minute", rate);
        }
        return as(creator).body(body).post("/v1/api-keys").then().statusCode(201).extract().jsonPath();
    }

    /** Creates a key as the bootstrap key and waits until the api's edge accepts it; its token. */
    public static String ready(List<String> permissions, List<String> domains, Integer rate) {
        awaitBootstrap();
        String token = create(BOOTSTRAP, permissions, domains, rate).getString("token");
        // 201 came after the record's acknowledgement; the api's own table follows the topic within a second
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> as(token).get("/v1/api-keys/none").statusCode() != 401);
        return token;
    }
}
