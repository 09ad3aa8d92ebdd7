package dev.mailroom.router.messaging;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.contract.Topics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The domains of the domain store ({@link Topics#DOMAINS}) for the router: a CDI wrapper around
 * {@link dev.mailroom.contract.DomainTable}, started on startup and closed on shutdown. The router accepts a
 * recipient domain when it is configured in {@code mailroom.domains} or this table accepts it.
 *
 * <p>Routing does not wait for the table: while it is not {@link #loaded()}, configured domains route as before and
 * mail for a store domain is dead-lettered {@code domain-not-accepted} (replayable). Ingress answers 451 for such
 * domains until its own table is loaded, so this is rare. Start waits up to {@value #START_WAIT_SECONDS} s.
 */
@ApplicationScoped
public class DomainTable {

    static final int START_WAIT_SECONDS = 5;

    private final dev.mailroom.contract.DomainTable table;

    public DomainTable(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.table = new dev.mailroom.contract.DomainTable(bootstrapServers, "router-domains");
    }

    /** Whether the domain store has {@code domain} (any case) as an accepted domain. */
    public boolean accepts(String domain) {
        return table.accepts(domain);
    }

    /** Whether the table has read the topic up to its end at least once. */
    public boolean loaded() {
        return table.loaded();
    }

    /** The accepted domains now (for logs and tests). */
    public Set<String> domains() {
        return table.domains();
    }

    void start(@Observes StartupEvent event) throws InterruptedException {
        table.start();
        if (!table.awaitLoaded(Duration.ofSeconds(START_WAIT_SECONDS))) {
            Log.warnf("domain table not loaded within %d s (Kafka unreachable?): mail for domains outside"
                    + " mailroom.domains is dead-lettered domain-not-accepted until it is", START_WAIT_SECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        table.close();
    }
}
