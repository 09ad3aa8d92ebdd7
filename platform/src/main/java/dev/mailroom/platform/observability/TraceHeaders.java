package dev.mailroom.platform.observability;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) in Kafka record headers, for the producers and
 * consumers Mailroom builds by hand (a plain {@code KafkaProducer}, records read from a batch, records published
 * after a database commit): SmallRye Reactive Messaging propagates it only for messages whose metadata carries it.
 * Stateless and thread-safe; the getter and setter are shared constants, so a call allocates only the header bytes.
 */
public final class TraceHeaders {

    /** The W3C header name, as SmallRye Reactive Messaging and every OpenTelemetry SDK write it. */
    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        if (headers != null) {
            headers.remove(key); // one traceparent per record: a copied header (dead letters) is replaced
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    };

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            headers.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header header = headers.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private TraceHeaders() {
    }

    /** Writes {@code context}'s span (when valid) into {@code headers}, replacing any trace context there. */
    public static void inject(Context context, Headers headers) {
        W3C.inject(context, headers, SETTER);
    }

    /** Writes the span context {@code span} into {@code headers} (nothing when it is not valid). */
    public static void inject(SpanContext span, Headers headers) {
        if (span.isValid()) {
            inject(Context.root().with(Span.wrap(span)), headers);
        }
    }

    /**
     * The trace context carried by {@code headers}, as a parent for the spans of the record's processing; the root
     * context when the record carries none (or a malformed one).
     */
    public static Context extract(Headers headers) {
        return W3C.extract(Context.root(), headers, GETTER);
    }

    /** The trace id carried by {@code headers}, or null: for logs and tests. */
    public static String traceId(Headers headers) {
        SpanContext span = Span.fromContext(extract(headers)).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
