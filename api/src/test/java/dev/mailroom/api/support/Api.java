package dev.mailroom.api.support;

import static io.restassured.RestAssured.given;

import java.util.List;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Calls of the REST API as a client makes them, with the keys of {@link TestCallers}. */
public final class Api {

    /** An admin key. */
    public static final String ADMIN = "test-admin-key";

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A key with {@code permissions} (wire names, e.g. {@code domains}) for {@code domains}. */
    public static String key(List<String> permissions, List<String> domains) {
        return "test-key:" + String.join("+", permissions) + ":" + String.join(",", domains);
    }
}
