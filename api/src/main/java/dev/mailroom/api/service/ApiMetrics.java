package dev.mailroom.api.service;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.api.upstream.Upstream;
import dev.mailroom.platform.observability.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The api's metrics (ADR 0027's naming; {@code /q/metrics}):
 * <ul>
 * <li>{@code mailroom_api_admissions_total{outcome}}: requests to {@code /v1}, {@code /mcp} and {@code /client/v4/}
 * by what the edge decided: {@code admitted}, {@code unauthorized}, {@code rate-limited}, {@code key-check-unavailable},
 * {@code rate-limit-unavailable};</li>
 * <li>{@code mailroom_api_forwarded_total{upstream, outcome}}: forwarded requests by owner and answer: {@code 2xx} …
 * {@code 5xx} as the owner answered, {@code unavailable} when it could not be reached (the api answered 503);</li>
 * <li>{@code mailroom_api_sends_total{outcome}}: messages of send requests: {@code accepted} (on Kafka, 202) or
 * {@code kafka-unavailable} (503, nothing accepted);</li>
 * <li>{@code mailroom_api_ui_sessions_total{outcome}}: the inbox's sessions (ADR 0039): {@code signed-in},
 * {@code unauthorized} (a wrong key), {@code rate-limited} (too many attempts from an address), {@code signed-out},
 * {@code ended} (a request of an expired or revoked session), {@code csrf-failed}.</li>
 * </ul>
 */
@ApplicationScoped
public class ApiMetrics {

    private final Metrics.CounterFamily admissions;
    private final Map<Upstream, Metrics.CounterFamily> forwarded = new EnumMap<>(Upstream.class);
    private final Metrics.CounterFamily sends;
    private final Metrics.CounterFamily uiSessions;

    public ApiMetrics(MeterRegistry registry) {
        this.admissions = new Metrics.CounterFamily(registry, Metrics.PREFIX + "api.admissions",
                "requests by what the edge decided (key, rate)", Tags.empty(), Metrics.OUTCOME);
        for (Upstream upstream : Upstream.values()) {
            forwarded.put(upstream, new Metrics.CounterFamily(registry, Metrics.PREFIX + "api.forwarded",
                    "forwarded requests by owner and answer", Tags.of("upstream", upstream.service()),
                    Metrics.OUTCOME));
        }
        this.sends = new Metrics.CounterFamily(registry, Metrics.PREFIX + "api.sends",
                "messages of send requests by outcome", Tags.empty(), Metrics.OUTCOME);
        this.uiSessions = new Metrics.CounterFamily(registry, Metrics.PREFIX + "api.ui.sessions",
                "inbox sign-ins, sign-outs, ended sessions and CSRF refusals", Tags.empty(), Metrics.OUTCOME);
    }

    /** One request decided at the edge: {@code admitted} or the refusal's problem type. */
    public void admission(String outcome) {
        admissions.increment(outcome);
    }

    /** One forwarded request: the owner's status, or {@code status} 0 when it could not be reached. */
    public void forwarded(Upstream upstream, int status) {
        forwarded.get(upstream).increment(status == 0 ? "unavailable" : (status / 100) + "xx");
    }

    /** One event of an inbox session: {@code signed-in}, {@code unauthorized}, {@code csrf-failed}... */
    public void uiSession(String outcome) {
        uiSessions.increment(outcome);
    }

    /** {@code count} messages of a send request with {@code outcome}. */
    public void sends(String outcome, int count) {
        sends.of(outcome).increment(count);
    }
}
