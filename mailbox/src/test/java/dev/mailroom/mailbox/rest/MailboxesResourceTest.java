package dev.mailroom.mailbox.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class MailboxesResourceTest {

    @Test
    void anUnauthenticatedCallIsRefusedAsProblem() {
        given().get("/v1/mailboxes").then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void aKeyOfAnotherDomainSeesNoMailboxAndTheSchemaIsMigrated() {
        String token = TestKeys.publish(EnumSet.of(Permission.READ), List.of("nobody.test"), null);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> given()
                .header("Authorization", "Bearer " + token).get("/v1/mailboxes").then().statusCode(200)
                .body("items.size()", equalTo(0)));
    }
}
