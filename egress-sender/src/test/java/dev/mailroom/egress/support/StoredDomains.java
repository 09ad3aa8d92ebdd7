package dev.mailroom.egress.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.mail.crypto.MasterKey;
import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimKeys;
import dev.mailroom.mail.dkim.SealedDkimKeys;
import dev.mailroom.stack.KafkaTestClient;

/**
 * Stored domains as the api publishes them on {@code mailroom.domains} (ADR 0033): fresh ed25519 and rsa keys,
 * sealed under a master key, with their public records; the record goes onto the topic like the api's.
 */
public final class StoredDomains {

    /** A domain's keys in clear (what the test verifies with) and the record egress reads. */
    public record Stored(List<DkimKey> keys, DomainRecord record) {
    }

    private StoredDomains() {
    }

    /** Publishes {@code domain} with new keys sealed under {@code master}; {@code refusal} null: it may send. */
    public static Stored publish(String domain, MasterKey master, String refusal) {
        List<DkimKey> keys = List.of(DkimKeys.generate(domain, "mr202612e", DkimKey.Algorithm.ED25519_SHA256),
                DkimKeys.generate(domain, "mr202612r", DkimKey.Algorithm.RSA_SHA256));
        List<DomainRecord.DkimKeyRecord> sealed = new ArrayList<>();
        for (DkimKey k : keys) {
            sealed.add(new DomainRecord.DkimKeyRecord(k.selector(), k.algorithm().tag(),
                    SealedDkimKeys.seal(master, k), k.dnsRecord()));
        }
        DomainRecord record = new DomainRecord(DomainRecord.VERSION, domain, true, Instant.now(), refusal == null,
                refusal, sealed);
        KafkaTestClient.produce(Topics.DOMAINS, domain, Json.encode(record), null);
        return new Stored(keys, record);
    }
}
