package dev.mailroom.platform.observability;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns span recording, and so OTLP export, on only when an OTLP endpoint is configured (ADR 0027). Quarkus decides
 * at build time whether its OTLP exporter exists and then always sends to {@code localhost:4317} unless told
 * otherwise; the sampler's ratio, though, is read at run time. The services are built with
 * {@code quarkus.otel.traces.sampler=parentbased_traceidratio}; this source gives the ratio
 * {@code 1.0} when {@code MAILROOM_OTLP_ENDPOINT} (or {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}, or the system
 * property {@code quarkus.otel.exporter.otlp.endpoint}) is set, {@code 0.0} otherwise, and passes
 * {@code MAILROOM_OTLP_ENDPOINT} on as the exporter's endpoint. With ratio 0 spans are not recorded and nothing is
 * exported, yet every span still has a valid context: trace ids still travel in Kafka headers and reach the logs.
 *
 * <p>Its ordinal (200) is below {@code application.properties} (250), environment (300) and system properties
 * (400): an explicit {@code quarkus.otel.traces.sampler.arg} anywhere wins (the tests set 1.0).
 */
public class OtlpExportSwitch implements ConfigSource {

    static final String RATIO = "quarkus.otel.traces.sampler.arg";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";

    private final Map<String, String> values;

    public OtlpExportSwitch() {
        this(System.getenv("MAILROOM_OTLP_ENDPOINT"), System.getenv("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"),
                System.getProperty(ENDPOINT));
    }

    OtlpExportSwitch(String mailroomEndpoint, String quarkusEnvEndpoint, String quarkusPropertyEndpoint) {
        boolean mailroom = mailroomEndpoint != null && !mailroomEndpoint.isBlank();
        boolean configured = mailroom || (quarkusEnvEndpoint != null && !quarkusEnvEndpoint.isBlank())
                || (quarkusPropertyEndpoint != null && !quarkusPropertyEndpoint.isBlank());
        values = mailroom ? Map.of(RATIO, "1.0", ENDPOINT, mailroomEndpoint.strip())
                : Map.of(RATIO, configured ? "1.0" : "0.0");
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "mailroom-otlp-export-switch";
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
