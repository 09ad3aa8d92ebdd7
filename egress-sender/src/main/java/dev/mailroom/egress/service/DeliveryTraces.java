package dev.mailroom.egress.service;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

/**
 * The trace each spooled send request came with, by send id, so the delivery attempts of a message (read back from
 * the queue, possibly by another round) continue the trace that began at the SMTP door or the REST call (ADR 0027).
 * In memory and bounded ({@value #CAPACITY} most recent messages, oldest forgotten first): an attempt after a
 * restart, or after that many newer messages, starts a trace of its own. Thread-safe.
 */
@ApplicationScoped
public class DeliveryTraces {

    static final int CAPACITY = 4096;

    private final Map<String, SpanContext> bySendId = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Remembers the trace of {@code sendId}'s spooling (nothing when the span context is not valid). */
    public void remember(String sendId, SpanContext span) {
        if (span.isValid()) {
            synchronized (bySendId) {
                bySendId.put(sendId, span);
            }
        }
    }

    /** The parent for {@code sendId}'s delivery spans: its spooling's span, or the root context (a new trace). */
    public Context parentOf(String sendId) {
        SpanContext span;
        synchronized (bySendId) {
            span = bySendId.get(sendId);
        }
        return span == null ? Context.root() : Context.root().with(Span.wrap(span));
    }
}
