package dev.mailroom.agenthost.messaging;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.contract.AgentRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.TablePublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Publishes the agent registry to the compacted topic {@link Topics#AGENTS}: an {@link AgentRecord} per class, keyed
 * by its name, and a tombstone when a class is removed. Completes when the broker acknowledged the record.
 */
@ApplicationScoped
public class AgentRecordPublisher {

    private final TablePublisher publisher;

    public AgentRecordPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.publisher = new TablePublisher(bootstrapServers, Topics.AGENTS, "agent-host-agents");
    }

    public Uni<Void> publish(AgentRecord record) {
        return send(record.name(), Json.encode(record));
    }

    /** The tombstone of {@code name}: routers and ingresses forget the class and its addresses. */
    public Uni<Void> remove(String name) {
        return send(name, null);
    }

    private Uni<Void> send(String key, byte[] value) {
        // send() may block while the broker is unknown: never on an event loop
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(publisher.send(key, value)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @PreDestroy
    void close() {
        publisher.close();
    }
}
