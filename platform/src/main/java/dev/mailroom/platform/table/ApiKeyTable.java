package dev.mailroom.platform.table;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.mailroom.contract.ApiKeyRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;

/**
 * The API keys ({@link Topics#API_KEYS}, ADR 0031) as a {@link TopicTable} keyed by key id: what
 * {@link dev.mailroom.platform.auth.LocalApiKeyVerifier} checks tokens against. A tombstone (a revoked key) removes
 * the id within one poll of the topic (a quarter of a second when the broker is reachable). Starts reading when
 * first used and stops on shutdown.
 */
@ApplicationScoped
public class ApiKeyTable {

    private static final Logger LOG = Logger.getLogger(ApiKeyTable.class);

    private final TopicTable<ApiKeyRecord> table;

    public ApiKeyTable(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.table = new TopicTable<>(bootstrapServers, Topics.API_KEYS, application + "-api-keys",
                value -> Json.decode(value, ApiKeyRecord.class, ApiKeyRecord.VERSION), key -> key);
        table.addListener((id, before, after) -> LOG.debugf(after == null ? "api key removed key=%s"
                : "api key updated key=%s", id));
    }

    /** The table itself: loading state, listeners, raw records. */
    public TopicTable<ApiKeyRecord> table() {
        return table;
    }

    @PostConstruct
    void start() {
        table.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        table.close();
    }
}
