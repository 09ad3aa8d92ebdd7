package dev.mailroom.api.openapi;

import static io.restassured.RestAssured.given;
import org.junit.jupiter.api.Test;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProbeTest {
    @Test
    void print() {
        System.out.println("DOC>>" + given().accept("application/json").get("/openapi").asString());
    }
}
