package dev.mailroom.egress.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.platform.observability.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * egress-sender's delivery metrics at {@code /q/metrics} (ADR 0027):
 * <ul>
 * <li>{@code mailroom_egress_deliveries_total{outcome}}: recorded recipient attempts, outcome {@code delivered},
 * {@code sent} (smarthost), {@code bounced}, {@code deferred}, {@code failed} (given up);</li>
 * <li>{@code mailroom_egress_attempt_seconds{code_class}} (count, sum, max): one SMTP transaction (one message to one
 * domain, connection included), by the class of the remote's reply ({@code 2xx}, {@code 4xx}, {@code 5xx},
 * {@code none} when there was no reply);</li>
 * <li>{@code mailroom_egress_queue_rows{state}}: pending delivery rows, {@code due} (next attempt now or past) and
 * {@code deferred} (later), counted every {@code mailroom.egress.queue-gauge-interval} (15 s) by one indexed query
 * off the hot path.</li>
 * </ul>
 * Consumer lag is Kafka's own client metric ({@code kafka_consumer_fetch_manager_records_lag_max}). Thread-safe.
 */
@ApplicationScoped
public class EgressMetrics {

    private final Pool pool;
    private final Metrics.CounterFamily deliveries;
    private final Timer[] attempts = new Timer[4];
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();

    public EgressMetrics(MeterRegistry registry, Pool pool) {
        this.pool = pool;
        this.deliveries = new Metrics.CounterFamily(registry, Metrics.PREFIX + "egress.deliveries",
                "recipient delivery attempts recorded, by outcome", Tags.empty(), Metrics.OUTCOME);
        String[] classes = { "2xx", "4xx", "5xx", "none" };
        for (int i = 0; i < classes.length; i++) {
            attempts[i] = Timer.builder(Metrics.PREFIX + "egress.attempt")
                    .description("SMTP transactions to a destination, by the class of the remote's reply")
                    .tag(Metrics.CODE_CLASS, classes[i]).register(registry);
        }
        Gauge.builder(Metrics.PREFIX + "egress.queue.rows", due, AtomicLong::get)
                .description("pending delivery rows by state").tag("state", "due").register(registry);
        Gauge.builder(Metrics.PREFIX + "egress.queue.rows", deferred, AtomicLong::get)
                .description("pending delivery rows by state").tag("state", "deferred").register(registry);
    }

    /** Counts one recorded recipient attempt. */
    public void delivery(String outcome) {
        deliveries.increment(outcome);
    }

    /** Times one SMTP transaction whose (first) reply had {@code code} (0: none). */
    public void attempt(int code, long startNanos) {
        int i = code >= 200 && code < 300 ? 0 : code >= 400 && code < 500 ? 1 : code >= 500 && code < 600 ? 2 : 3;
        attempts[i].record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    @Scheduled(every = "${mailroom.egress.queue-gauge-interval:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> countQueue() {
        return refreshQueue().onFailure().recoverWithUni(e -> {
            Log.debugf("queue gauge not refreshed error=%s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** Counts the pending rows now (the gauges show it until the next count). */
    public Uni<Void> refreshQueue() {
        return pool.preparedQuery("select count(*) filter (where next_attempt_at <= $1),"
                + " count(*) filter (where next_attempt_at > $1) from egress.delivery where status = 'pending'")
                .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC)))
                .invoke(rows -> rows.forEach(row -> {
                    due.set(row.getLong(0));
                    deferred.set(row.getLong(1));
                }))
                .replaceWithVoid();
    }
}
