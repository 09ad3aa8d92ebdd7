package dev.mailroom.platform.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The sampling decision (ADR 0029), on a real SDK tracer and on configurations built like Quarkus's. */
class TraceSamplingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    /** A remote parent that sampled: a record from a service that exports spans. */
    private static final Context SAMPLED_PARENT = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
            TRACE, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault())));

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();

    private Tracer tracer(Sampler sampler) {
        return SdkTracerProvider.builder().setSampler(sampler)
                .addSpanProcessor(SimpleSpanProcessor.create(exported)).build().get("test");
    }

    @Test
    void withoutAnEndpointNoSpanIsSampledNotEvenUnderASampledParent() {
        Tracer tracer = tracer(TraceSampling.sampler(Optional.empty(), Optional.of(1.0)));

        Span root = Spans.start(tracer, "smtp.transaction", SpanKind.SERVER, Context.root());
        Span child = Spans.start(tracer, "router.route", SpanKind.CONSUMER, SAMPLED_PARENT);
        root.end();
        child.end();

        assertFalse(root.isRecording());
        assertFalse(root.getSpanContext().isSampled());
        assertTrue(root.getSpanContext().isValid(), "a context to propagate all the same");
        assertFalse(child.isRecording());
        assertFalse(child.getSpanContext().isSampled(), "the records it causes carry flag 00");
        assertEquals(TRACE, child.getSpanContext().getTraceId(), "the trace id goes on");
        assertTrue(exported.getFinishedSpanItems().isEmpty());
    }

    @Test
    void withAnEndpointSpansAreSampledAtTheRatioAndFollowTheirParent() {
        Tracer tracer = tracer(TraceSampling.sampler(Optional.of("http://collector:4317"), Optional.empty()));

        Span root = Spans.start(tracer, "smtp.transaction", SpanKind.SERVER, Context.root());
        Span child = Spans.start(tracer, "router.route", SpanKind.CONSUMER, SAMPLED_PARENT);
        root.end();
        child.end();

        assertTrue(root.getSpanContext().isSampled(), "ratio 1.0 by default");
        assertTrue(child.getSpanContext().isSampled());
        assertEquals(2, exported.getFinishedSpanItems().size());

        Tracer none = tracer(TraceSampling.sampler(Optional.of("http://collector:4317"), Optional.of(0.0)));
        assertFalse(Spans.start(none, "smtp.transaction", SpanKind.SERVER, Context.root()).getSpanContext()
                .isSampled(), "an explicit ratio is kept");
    }

    @Test
    void quarkussBuiltInDefaultEndpointIsNotAnEndpoint() {
        assertEquals(Optional.empty(), TraceSampling.configuredEndpoint(config(Map.of())));
    }

    @Test
    void anEndpointFromAnySourceCounts() {
        assertEquals(Optional.of("http://collector:4317"), TraceSampling.configuredEndpoint(
                config(Map.of(TraceSampling.TRACES_ENDPOINT, " http://collector:4317 "))));
        assertEquals(Optional.of("http://c:4318"), TraceSampling.configuredEndpoint(
                config(Map.of(TraceSampling.ENDPOINT, "http://c:4318"))));
        SmallRyeConfig viaSwitch = new SmallRyeConfigBuilder()
                .withDefaultValue(TraceSampling.ENDPOINT, "http://localhost:4317/")
                .withSources(new OtlpExportSwitch("http://collector:4317")).build();
        assertEquals(Optional.of("http://collector:4317"), TraceSampling.configuredEndpoint(viaSwitch));
    }

    @Test
    void aBlankEndpointIsNone() {
        assertEquals(Optional.empty(), TraceSampling.configuredEndpoint(
                config(Map.of(TraceSampling.TRACES_ENDPOINT, " "))));
    }

    /** Like Quarkus's: {@code http://localhost:4317/} as a default value, plus {@code values} at ordinal 250. */
    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withDefaultValue(TraceSampling.ENDPOINT, "http://localhost:4317/")
                .withSources(new PropertiesConfigSource(values, "application.properties", 250)).build();
    }
}
