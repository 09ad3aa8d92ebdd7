package dev.mailroom.egress.rest;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.as;
import static dev.mailroom.egress.support.Api.awaitStatus;
import static dev.mailroom.egress.support.Api.send;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.egress.domain.DkimKeyStore;
import dev.mailroom.egress.model.Domain;
import dev.mailroom.egress.model.DomainKey;
import dev.mailroom.egress.repository.DomainKeyRepository;
import dev.mailroom.egress.repository.DomainRepository;
import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;

/** The test profile configures no master key (same resources as SendApiTest: the same application instance). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class DomainsWithoutMasterKeyTest {

    @Inject
    DomainRepository domains;

    @Inject
    DomainKeyRepository keys;

    @Inject
    DkimKeyStore store;

    @Test
    void creatingADomainWithoutAMasterKeyAnswers503SayingWhatToSet() {
        as(BOOTSTRAP).body(Map.of("name", "nokey.test")).post("/v1/domains").then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("MAILROOM_DELIVERABILITY_MASTER_KEY"));
        as(BOOTSTRAP).get("/v1/domains/nokey.test").then().statusCode(404);
    }

    @Test
    void aVerifiedDomainWhoseKeysCannotBeDecryptedDoesNotSendUnsigned() throws Throwable {
        String name = "sealed-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Instant now = Instant.now();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            Domain d = new Domain();
            d.name = name;
            d.dkimVerified = true;
            d.createdAt = now;
            d.updatedAt = now;
            DomainKey k = new DomainKey();
            k.domain = name;
            k.selector = "mr202611r";
            k.algorithm = "rsa-sha256";
            k.privateKey = "v1:c2VhbGVkIHVuZGVyIGFub3RoZXIga2V5IGJ5IGEgcmVwbGljYQ==";
            k.publicRecord = "v=DKIM1; k=rsa; p=AAAA";
            k.status = DomainKey.ACTIVE;
            k.publishedAt = now;
            k.createdAt = now;
            return domains.persist(d).chain(() -> keys.persist(k));
        }).chain(store::reload));
        String id = send(Map.of("from", "app@" + name, "to", List.of("a@accept.test"), "text", "x"));
        JsonPath failed = awaitStatus(BOOTSTRAP, id, "failed");
        assertTrue(failed.getString("failure").contains("cannot be decrypted"), failed.prettify());
    }
}
