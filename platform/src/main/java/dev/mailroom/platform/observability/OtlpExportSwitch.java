package dev.mailroom.platform.observability;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Mailroom's one tracing knob, {@code MAILROOM_OTLP_ENDPOINT}, passed on as Quarkus's
 * {@code quarkus.otel.exporter.otlp.endpoint} (ADR 0027). Setting it, or Quarkus's own endpoint setting, turns span
 * sampling on: {@link TraceSampling} decides from the endpoint at start (ADR 0029). Nothing when the variable is
 * unset or blank.
 *
 * <p>Its ordinal (200) is below {@code application.properties} (250), environment (300) and system properties
 * (400): Quarkus's own endpoint settings win. Registered through {@code META-INF/services}; read at startup.
 */
public class OtlpExportSwitch implements ConfigSource {

    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";

    private final Map<String, String> values;

    public OtlpExportSwitch() {
        this(System.getenv("MAILROOM_OTLP_ENDPOINT"));
    }

    OtlpExportSwitch(String mailroomEndpoint) {
        values = mailroomEndpoint == null || mailroomEndpoint.isBlank() ? Map.of()
                : Map.of(ENDPOINT, mailroomEndpoint.strip());
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
