package dev.mailroom.agenthost.messaging;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.platform.observability.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * agent-host's metrics at {@code /q/metrics} (ADR 0027), tagged by agent class ({@code agent_class}, bounded by the
 * registered classes; {@code unknown} when the record names none):
 * <ul>
 * <li>{@code mailroom_agent_calls_seconds{agent_class,outcome}} (count, sum, max): one routed message's handling
 * from the lane to its end, retries included; outcome {@code processed}, {@code duplicate}, {@code refused} (the
 * agent's permanent failure), {@code failed} (attempts exhausted), {@code dead-lettered} (undecodable record or no
 * such class);</li>
 * <li>{@code mailroom_agent_failures_total{agent_class,kind}}: every failed attempt, {@code kind} {@code transient}
 * (retried) or {@code permanent}.</li>
 * </ul>
 * Consumer lag is Kafka's own client metric ({@code kafka_consumer_fetch_manager_records_lag_max}). Thread-safe; a
 * meter is built once per (class, outcome) and looked up afterwards.
 */
@ApplicationScoped
public class AgentMetrics {

    static final String AGENT_CLASS = "agent_class";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, ConcurrentMap<String, Timer>> calls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> failures = new ConcurrentHashMap<>();

    public AgentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void call(String agentClass, String outcome, long startNanos) {
        calls.computeIfAbsent(agentClass, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> Timer.builder(Metrics.PREFIX + "agent.calls")
                        .description("routed messages handled by an agent, by class and outcome")
                        .tag(AGENT_CLASS, agentClass).tag(Metrics.OUTCOME, o).register(registry))
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    void failure(String agentClass, boolean permanent) {
        String kind = permanent ? "permanent" : "transient";
        failures.computeIfAbsent(agentClass, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(kind, k -> Counter.builder(Metrics.PREFIX + "agent.failures")
                        .description("failed agent attempts, by class and kind").tag(AGENT_CLASS, agentClass)
                        .tag("kind", k).register(registry))
                .increment();
    }
}
