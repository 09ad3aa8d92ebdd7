package dev.mailroom.platform.observability;

import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The spans of one hop, named {@code <service>.<step>} ({@code smtp.transaction}, {@code router.route},
 * {@code agent.call}, {@code egress.spool}, {@code egress.delivery}), with the trace context of the record that caused
 * them as parent. When spans are not sampled (no OTLP endpoint, see {@link TraceSampling}) these are the SDK's
 * non-recording spans: a valid context to propagate, nothing recorded.
 */
public final class Spans {

    /** Attribute: the Mailroom id of the message the span is about (inbound, routed or send id). */
    public static final String MESSAGE_ID = "mailroom.message_id";

    private Spans() {
    }

    /** Starts a span under {@code parent} (the root context starts a new trace). */
    public static Span start(Tracer tracer, String name, SpanKind kind, Context parent) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /** Starts the consumer span of a record's processing, child of the trace context its headers carry. */
    public static Span consume(Tracer tracer, String name, Headers headers) {
        return start(tracer, name, SpanKind.CONSUMER, TraceHeaders.extract(headers));
    }

    /** Marks {@code span} failed by {@code error} (when not null) and ends it. */
    public static void end(Span span, Throwable error) {
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        }
        span.end();
    }
}
