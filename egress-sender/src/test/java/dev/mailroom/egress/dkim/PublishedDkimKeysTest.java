package dev.mailroom.egress.dkim;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.as;
import static dev.mailroom.egress.support.Api.awaitStatus;
import static dev.mailroom.egress.support.Api.send;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Authentication;
import dev.mailroom.contract.DomainRecord;
import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.egress.support.StoredDomains;
import dev.mailroom.mail.crypto.MasterKey;
import dev.mailroom.mail.dkim.DkimVerifier;
import dev.mailroom.mail.dns.InMemoryDnsResolver;
import dev.mailroom.platform.crypto.MasterKeys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * egress-sender signs stored domains' mail with the keys the api publishes on {@code mailroom.domains} (ADR 0033).
 * Same resources as SendApiTest: the same application instance.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class PublishedDkimKeysTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    PublishedDkimKeys keys;

    @Inject
    MasterKeys masterKeys;

    private static String newDomain(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    private static Map<String, Object> mail(String from, String marker) {
        return Map.of("from", from, "to", List.of("rcpt@accept.test"), "subject", "Hello " + marker,
                "text", "marker " + marker + "\n");
    }

    @Test
    void mailFromAStoredDomainIsSignedWithThePublishedKeysAndVerifiesAgainstTheirPublicKeys() {
        String name = newDomain("signed");
        StoredDomains.Stored stored = StoredDomains.publish(name, masterKeys.key().orElseThrow(), null);
        await().atMost(WAIT).until(() -> keys.keysFor(name).size() == 2);

        String marker = UUID.randomUUID().toString();
        String id = send(BOOTSTRAP, mail("App <app@" + name + ">", marker));
        awaitStatus(BOOTSTRAP, id, "delivered");
        byte[] delivered = SmtpPeersResource.containing(marker).get(0).data();

        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        for (DomainRecord.DkimKeyRecord k : stored.record().signingKeys()) {
            dns.add(k.selector() + "._domainkey." + name, "TXT", k.publicKey());
        }
        List<Authentication.Dkim> results = new DkimVerifier(dns, Clock.systemUTC()).verify(delivered);
        assertEquals(2, results.size(), results::toString);
        assertTrue(results.stream().allMatch(r -> "pass".equals(r.result()) && name.equals(r.domain())),
                results::toString);
        assertEquals(List.of("mr202612e", "mr202612r"), results.stream().map(Authentication.Dkim::selector).toList(),
                "ed25519 first");
    }

    @Test
    void aDomainTheStoreRefusesIsRefusedWithTheStoresReason() {
        String name = newDomain("unverified");
        StoredDomains.publish(name, masterKeys.key().orElseThrow(), name + " cannot send yet: publish and /verify");
        await().atMost(WAIT).until(() -> keys.domain(name).isPresent());
        as(BOOTSTRAP).body(mail("app@" + name, "x")).post("/v1/send").then().statusCode(422)
                .body("errors[0].field", equalTo("from"))
                .body("errors[0].detail", containsString("/verify"));
    }

    @Test
    void aRecordWhoseSealedKeysDoNotOpenWithThisMasterKeyNeverSignsAndItsMailIsRefusedRatherThanSentUnsigned() {
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        String name = newDomain("sealed");
        StoredDomains.publish(name, MasterKey.parse(Base64.getEncoder().encodeToString(other)), null);
        await().atMost(WAIT).until(() -> keys.domain(name).isPresent());

        assertEquals(List.of(), keys.keysFor(name), "a key that does not open is not used to sign");
        PublishedDkimKeys.DomainState state = keys.domain(name).orElseThrow();
        assertEquals(List.of("mr202612e._domainkey." + name, "mr202612r._domainkey." + name), state.unusable());
        as(BOOTSTRAP).body(mail("app@" + name, "x")).post("/v1/send").then().statusCode(422)
                .body("errors[0].field", equalTo("from"))
                .body("errors[0].detail", containsString("cannot be decrypted"));
    }
}
