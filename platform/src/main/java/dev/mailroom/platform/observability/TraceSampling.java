package dev.mailroom.platform.observability;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;

/**
 * Whether this service samples spans, decided once at start from the run-time configuration (ADR 0029): spans are
 * sampled only when they have somewhere to go, an OTLP endpoint. The {@link Sampler} bean produced here replaces the
 * one Quarkus would build from {@code quarkus.otel.traces.sampler} (Quarkus takes a {@code Sampler} bean when there
 * is one).
 *
 * <ul>
 * <li>An endpoint is configured ({@code quarkus.otel.exporter.otlp.traces.endpoint} or
 * {@code quarkus.otel.exporter.otlp.endpoint} from any configuration source: environment, system properties,
 * {@code application.properties}, or {@code MAILROOM_OTLP_ENDPOINT} through {@link OtlpExportSwitch}): the sampler is
 * {@code parentbased_traceidratio} with the ratio {@code quarkus.otel.traces.sampler.arg} (default 1.0).</li>
 * <li>No endpoint (Quarkus's built-in default {@code http://localhost:4317/} does not count): {@code always_off}.
 * No span is sampled or recorded, not even under a sampled parent from another service; every span is the SDK's
 * non-recording span with a valid context, so records still carry a {@code traceparent}, with the flag {@code 00},
 * and logs the trace id.</li>
 * </ul>
 *
 * One line at INFO says which; at DEBUG, every effective {@code quarkus.otel.*} value and its source (header values
 * masked). {@code quarkus.otel.sdk.disabled=true} is warned about: with it Quarkus builds a bare SDK without this
 * sampler, which samples and records every span (and exports none).
 */
@Singleton
public class TraceSampling {

    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    static final String ENDPOINT = OtlpExportSwitch.ENDPOINT;
    static final String RATIO = "quarkus.otel.traces.sampler.arg";
    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    private static final String PREFIX = "quarkus.otel.";

    private final SmallRyeConfig config;

    public TraceSampling(SmallRyeConfig config) {
        this.config = config;
    }

    /** The sampler of this process's OpenTelemetry SDK. */
    @Produces
    @Singleton
    Sampler sampler() {
        Optional<String> endpoint = configuredEndpoint(config);
        Optional<Double> ratio = config.getOptionalValue(RATIO, Double.class);
        Sampler sampler = sampler(endpoint, ratio);
        if (endpoint.isPresent()) {
            Log.infof("tracing spans=sampled endpoint=%s ratio=%s", endpoint.get(), ratio.orElse(1.0));
        } else {
            Log.infof("tracing spans=off (no otlp endpoint; traceparent still propagated, flag 00)");
        }
        if (Log.isDebugEnabled()) {
            for (String name : config.getPropertyNames()) {
                if (name.startsWith(PREFIX)) {
                    ConfigValue value = config.getConfigValue(name);
                    Log.debugf("otel config %s=%s source=%s", name,
                            name.contains("headers") ? "***" : value.getValue(), value.getConfigSourceName());
                }
            }
            Log.debugf("otel sampler %s", sampler.getDescription());
        }
        return sampler;
    }

    void warnIfSdkDisabled(@Observes StartupEvent event) {
        if (config.getOptionalValue(SDK_DISABLED, Boolean.class).orElse(false)) {
            Log.warnf("%s=true: quarkus then builds a bare sdk that samples and records every span and exports "
                    + "none; leave it unset (tracing is off without an otlp endpoint)", SDK_DISABLED);
        }
    }

    /** {@code parentbased_traceidratio} when there is an endpoint, {@code always_off} otherwise. */
    static Sampler sampler(Optional<String> endpoint, Optional<Double> ratio) {
        return endpoint.isPresent() ? Sampler.parentBased(Sampler.traceIdRatioBased(ratio.orElse(1.0)))
                : Sampler.alwaysOff();
    }

    /**
     * The OTLP endpoint for traces that someone configured, if any: a non-blank value from a source of positive
     * ordinal. Quarkus registers {@code http://localhost:4317/} as a default value (a source of the lowest ordinal)
     * and falls back from the traces endpoint to the general one, so a plain lookup always finds an endpoint.
     */
    static Optional<String> configuredEndpoint(SmallRyeConfig config) {
        for (String name : List.of(TRACES_ENDPOINT, ENDPOINT)) {
            ConfigValue value = config.getConfigValue(name);
            if (value != null && value.getValue() != null && !value.getValue().isBlank()
                    && value.getConfigSourceOrdinal() > 0) {
                return Optional.of(value.getValue().strip());
            }
        }
        return Optional.empty();
    }
}
