package dev.mailroom.api.messaging;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.TablePublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Publishes the domain store to the compacted topic {@link Topics#DOMAINS} through platform's {@link TablePublisher}:
 * a {@link DomainRecord} per domain, keyed by its name, and a tombstone when it is removed; the caller waits for
 * exactly this record's acknowledgement.
 */
@ApplicationScoped
public class DomainPublisher {

    private final TablePublisher publisher;

    public DomainPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.publisher = new TablePublisher(bootstrapServers, Topics.DOMAINS, "api-domains");
    }

    /** Publishes {@code record}, keyed by its name; completes when the broker has it. */
    public Uni<Void> publish(DomainRecord record) {
        return send(record.name(), Json.encode(record));
    }

    /** Publishes the tombstone of {@code name}: compaction then forgets the domain, and readers drop it. */
    public Uni<Void> remove(String name) {
        return send(name, null);
    }

    /** The producer may block while the broker is unknown: never on the caller's event loop. */
    private Uni<Void> send(String key, byte[] value) {
        return Uni.createFrom().completionStage(() -> publisher.send(key, value))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @PreDestroy
    void close() {
        publisher.close();
    }
}
