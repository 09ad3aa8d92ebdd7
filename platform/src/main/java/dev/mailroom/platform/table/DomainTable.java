package dev.mailroom.platform.table;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;

/**
 * The domains of the domain store ({@link Topics#DOMAINS}, ADR 0009) as a {@link TopicTable}: keys lower case, a
 * domain is accepted when its record says so. Starts reading when first used (inject it and call {@link #table()}'s
 * {@code awaitLoaded} on startup to wait for it) and stops on shutdown.
 */
@ApplicationScoped
public class DomainTable {

    private static final Logger LOG = Logger.getLogger(DomainTable.class);

    private final TopicTable<DomainRecord> table;

    public DomainTable(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.table = new TopicTable<>(bootstrapServers, Topics.DOMAINS, application + "-domains",
                value -> Json.decode(value, DomainRecord.class, DomainRecord.VERSION),
                key -> key.toLowerCase(Locale.ROOT));
        table.addListener((domain, before, after) -> LOG.infof("domain %s domain=%s",
                after != null && after.accepted() ? "accepted" : "not accepted", domain));
    }

    /** The table itself: loading state, listeners, raw records. */
    public TopicTable<DomainRecord> table() {
        return table;
    }

    /** Whether the domain store has {@code domain} (any case) as an accepted domain. */
    public boolean accepts(String domain) {
        return table.get(domain).map(DomainRecord::accepted).orElse(false);
    }

    /** Whether the table has read the topic up to its end at least once. */
    public boolean loaded() {
        return table.loaded();
    }

    /** The accepted domains now (for logs and tests). */
    public Set<String> domains() {
        return table.snapshot().values().stream().filter(DomainRecord::accepted).map(DomainRecord::name)
                .collect(Collectors.toUnmodifiableSet());
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
