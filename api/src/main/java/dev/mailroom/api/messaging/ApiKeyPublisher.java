package dev.mailroom.api.messaging;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.contract.ApiKeyRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.TablePublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Publishes the keys on the compacted topic {@link Topics#API_KEYS} (ADR 0031): an {@link ApiKeyRecord} per active
 * key (its token's hash, never the token), a tombstone per revoked key. acks=all, idempotent; each call completes
 * when the broker acknowledged its record, so an answer that depends on it is sent after the acknowledgement.
 */
@ApplicationScoped
public class ApiKeyPublisher {

    private final TablePublisher publisher;

    public ApiKeyPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.publisher = new TablePublisher(bootstrapServers, Topics.API_KEYS, "api-api-keys");
    }

    /** Publishes {@code key}; completes on the broker's acknowledgement. */
    public Uni<Void> publish(ApiKeyRecord key) {
        return send(key.id(), Json.encode(key));
    }

    /** Publishes the tombstone of {@code id}; completes on the broker's acknowledgement. */
    public Uni<Void> tombstone(String id) {
        return send(id, null);
    }

    private Uni<Void> send(String id, byte[] value) {
        // TablePublisher.send may block while the broker is unknown (max.block.ms): never on an event loop
        return Uni.createFrom().completionStage(() -> publisher.send(id, value))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @PreDestroy
    void close() {
        publisher.close();
    }
}
