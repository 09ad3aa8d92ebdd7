package dev.mailroom.router.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.platform.observability.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The router's metrics at {@code /q/metrics} (ADR 0027), counted once Kafka acknowledged the records:
 * {@code mailroom_router_routed_total{rule}} (routed records, by the rule that routed them: {@code registered-address},
 * {@code reply-token}, {@code agent-headers}, {@code catch-all}) and
 * {@code mailroom_router_dead_lettered_total{reason}} (raw records or recipients dead-lettered, by the stable part of
 * the reason: {@code unroutable-*}, {@code unparseable}, {@code missing-header}...). Consumer lag is Kafka's own
 * client metric ({@code kafka_consumer_fetch_manager_records_lag_max}). Thread-safe.
 */
@ApplicationScoped
public class RouterMetrics {

    private final Metrics.CounterFamily routed;
    private final Metrics.CounterFamily deadLettered;

    public RouterMetrics(MeterRegistry registry) {
        this.routed = new Metrics.CounterFamily(registry, Metrics.PREFIX + "router.routed",
                "records published to mailroom.inbound.routed, by routing rule", Tags.empty(), "rule");
        this.deadLettered = new Metrics.CounterFamily(registry, Metrics.PREFIX + "router.dead.lettered",
                "raw records (or single recipients) dead-lettered, by reason", Tags.empty(), Metrics.REASON);
    }

    void routed(String rule) {
        routed.increment(rule);
    }

    void deadLettered(String reason) {
        deadLettered.increment(Metrics.reasonTag(reason));
    }
}
