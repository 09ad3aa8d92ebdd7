package dev.mailroom.egress.domain;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.as;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import dev.mailroom.egress.dkim.SigningKeySource;
import dev.mailroom.egress.dkim.SigningKeySourceContract;
import dev.mailroom.egress.support.KnotDnsResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@link SigningKeySourceContract} for the domain store: a domain created through {@code /v1/domains} (which
 * generates its rsa and ed25519 keys), with the DKIM records the API tells its owner to publish.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(KnotDnsResource.class)
class DkimKeyStoreContractTest implements SigningKeySourceContract {

    private static String domain;
    private static final Map<String, String> RECORDS = new HashMap<>();

    @Inject
    DkimKeyStore store;

    @BeforeEach
    void createDomainOnce() {
        if (domain == null) {
            String name = "contract-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
            JsonPath created = as(BOOTSTRAP).body(Map.of("name", name)).post("/v1/domains").then().statusCode(201)
                    .extract().jsonPath();
            List<Map<String, Object>> records = created.getList("records");
            records.stream().filter(r -> "dkim".equals(r.get("purpose")))
                    .forEach(r -> RECORDS.put(String.valueOf(r.get("name")), String.valueOf(r.get("value"))));
            domain = name;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> store.keysFor(domain).size() == 2);
    }

    @Override
    public SigningKeySource source() {
        return store;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public Map<String, String> publishedRecords() {
        return RECORDS;
    }
}
