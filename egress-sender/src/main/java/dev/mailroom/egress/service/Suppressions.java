package dev.mailroom.egress.service;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.Suppression;
import dev.mailroom.egress.repository.SuppressionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The suppression list as the API sees it (entries are added on hard bounces: at RCPT time by
 * {@link DeliveryWorker}, later by {@link DsnProcessor}).
 */
@ApplicationScoped
public class Suppressions {

    private final SuppressionRepository suppressions;

    public Suppressions(SuppressionRepository suppressions) {
        this.suppressions = suppressions;
    }

    @WithSession
    public Uni<List<Suppression>> page(dev.mailroom.platform.page.Keyset before, int limit) {
        return suppressions.page(before, limit);
    }

    /** Removes {@code address}; false when it was not suppressed. */
    @WithTransaction
    public Uni<Boolean> remove(String address) {
        return suppressions.deleteById(address.toLowerCase(Locale.ROOT));
    }
}
