package dev.mailroom.api.rest;

import static dev.mailroom.api.support.Api.ADMIN;
import static dev.mailroom.api.support.Api.as;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.api.support.DomainsProfile;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The test profile configures no master key. (A domain whose keys egress-sender cannot open is refused there:
 * egress-sender's {@code PublishedDkimKeysTest}.)
 */
@QuarkusTest
@TestProfile(DomainsProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DomainsWithoutMasterKeyTest {

    @Test
    void creatingADomainWithoutAMasterKeyAnswers503SayingWhatToSet() {
        as(ADMIN).body(Map.of("name", "nokey.test")).post("/v1/domains").then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("MAILROOM_DELIVERABILITY_MASTER_KEY"));
        as(ADMIN).get("/v1/domains/nokey.test").then().statusCode(404);
    }

    @Test
    void rotatingWithoutAMasterKeyAnswers503Too() {
        as(ADMIN).post("/v1/domains/nokey.test/rotate-dkim").then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("MAILROOM_DELIVERABILITY_MASTER_KEY"));
    }
}
