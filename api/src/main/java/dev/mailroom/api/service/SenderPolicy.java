package dev.mailroom.api.service;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.contract.DomainRecord;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.table.DomainTable;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Which sender domains Mailroom sends for, whatever the key (admin keys included, ADR 0032): a {@code from} domain
 * must be one Mailroom serves — configured ({@code mailroom.domains}, as ingress-smtp and the router read it) or
 * accepted by the domain store (platform's {@link DomainTable}, the compacted topic {@code mailroom.domains}), and a
 * stored domain only while its record allows sending (DKIM verified where required, ADR 0033: the record's
 * {@code may_send} and {@code send_refusal}). The one place of this rule for every way to send.
 */
@ApplicationScoped
public class SenderPolicy {

    static final int START_WAIT_SECONDS = 5;

    private final DomainTable stored;
    private final Set<String> configured;

    public SenderPolicy(DomainTable stored,
            @ConfigProperty(name = "mailroom.domains", defaultValue = "agents.localhost") List<String> configured) {
        this.stored = stored;
        this.configured = configured.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** At start: gives the domain table a few seconds to load (sends wait with 503 until it is). */
    void awaitDomains(@Observes StartupEvent event) throws InterruptedException {
        if (!stored.table().awaitLoaded(Duration.ofSeconds(START_WAIT_SECONDS))) {
            Log.warnf("domain table not loaded within %d s (Kafka unreachable?): sends from domains outside"
                    + " mailroom.domains answer 503 until it is", START_WAIT_SECONDS);
        }
    }

    /**
     * Why Mailroom refuses to send from {@code domain} (the detail of a {@code 403} naming {@code from}), or empty
     * when it sends from it.
     *
     * @throws ApiException {@code 503 domains-not-loaded} while the domain table has not been read yet and the
     *                      domain is not configured: the answer is not known
     */
    public Optional<String> refusal(String domain) {
        String d = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
        Optional<DomainRecord> record = stored.table().get(d).filter(DomainRecord::accepted);
        if (record.isPresent()) {
            // a stored domain sends once its DKIM is verified where required (ADR 0033): its record says so
            return Optional.ofNullable(record.get().refusal());
        }
        if (configured.contains(d)) {
            return Optional.empty();
        }
        if (!stored.loaded()) {
            throw new ApiException(ApiException.unavailable("domains-not-loaded",
                    "the domains Mailroom serves are not known yet; retry in a few seconds").problem(), 5);
        }
        return Optional.of("Mailroom does not send for " + d + ": add the domain (POST /v1/domains) or list it in"
                + " mailroom.domains");
    }
}
