package dev.mailroom.egress.dkim;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.egress.support.StoredDomains;
import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.platform.crypto.MasterKeys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link SigningKeySourceContract} for the stored domains' keys as egress reads them: a domain published on
 * {@code mailroom.domains} the way the api publishes it (keys sealed under the master key egress is given), with the
 * DKIM records its owner publishes. Same resources as SendApiTest: the same application instance.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class PublishedDkimKeysContractTest implements SigningKeySourceContract {

    private static String domain;
    private static final Map<String, String> RECORDS = new HashMap<>();

    @Inject
    PublishedDkimKeys keys;

    @Inject
    MasterKeys masterKeys;

    @BeforeEach
    void publishDomainOnce() {
        if (domain == null) {
            String name = "contract-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
            for (DkimKey k : StoredDomains.publish(name, masterKeys.key().orElseThrow(), null).keys()) {
                RECORDS.put(k.dnsName(), k.dnsRecord());
            }
            domain = name;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> keys.keysFor(domain).size() == 2);
    }

    @Override
    public SigningKeySource source() {
        return keys;
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
