package dev.mailroom.egress.dkim;

import java.util.Map;

import jakarta.inject.Inject;

import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link SigningKeySourceContract} for the keys configured as PEM files ({@link DkimKeysResource}'s mail.test). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class ConfiguredDkimKeysContractTest implements SigningKeySourceContract {

    @Inject
    ConfiguredDkimKeys configured;

    @Override
    public SigningKeySource source() {
        return configured;
    }

    @Override
    public String domain() {
        return DkimKeysResource.DOMAIN;
    }

    @Override
    public Map<String, String> publishedRecords() {
        return DkimKeysResource.RECORDS;
    }
}
