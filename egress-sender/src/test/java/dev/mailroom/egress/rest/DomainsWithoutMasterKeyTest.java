package dev.mailroom.egress.rest;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.as;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The test profile configures no master key (same resources as SendApiTest: the same application instance). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class DomainsWithoutMasterKeyTest {

    @Test
    void creatingADomainWithoutAMasterKeyAnswers503SayingWhatToSet() {
        as(BOOTSTRAP).body(Map.of("name", "nokey.test")).post("/v1/domains").then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("MAILROOM_DELIVERABILITY_MASTER_KEY"));
        as(BOOTSTRAP).get("/v1/domains/nokey.test").then().statusCode(404);
    }
}
