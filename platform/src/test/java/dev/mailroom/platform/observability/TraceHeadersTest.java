package dev.mailroom.platform.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

class TraceHeadersTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void injectedContextIsExtractedWithItsTraceId() {
        RecordHeaders headers = new RecordHeaders();
        TraceHeaders.inject(SpanContext.create(TRACE, "00f067aa0ba902b7", TraceFlags.getSampled(),
                TraceState.getDefault()), headers);
        assertEquals("00-" + TRACE + "-00f067aa0ba902b7-01", new String(
                headers.lastHeader(TraceHeaders.TRACEPARENT).value(), StandardCharsets.UTF_8));
        assertEquals(TRACE, TraceHeaders.traceId(headers));
    }

    @Test
    void injectingReplacesACopiedTraceparent() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceHeaders.TRACEPARENT, ("00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01").getBytes());
        TraceHeaders.inject(SpanContext.create(TRACE, "00f067aa0ba902b7", TraceFlags.getDefault(),
                TraceState.getDefault()), headers);
        int count = 0;
        for (var h : headers.headers(TraceHeaders.TRACEPARENT)) {
            count++;
        }
        assertEquals(1, count);
        assertEquals(TRACE, TraceHeaders.traceId(headers));
    }

    @Test
    void aRecordWithoutOrWithAMalformedTraceparentHasNoTrace() {
        assertNull(TraceHeaders.traceId(new RecordHeaders()));
        RecordHeaders bad = new RecordHeaders();
        bad.add(TraceHeaders.TRACEPARENT, "00-nothex-01".getBytes());
        assertNull(TraceHeaders.traceId(bad));
        assertNull(TraceHeaders.traceId(null), "no headers at all");
    }

    @Test
    void reasonTagsKeepTheStableFirstWord() {
        assertEquals("unparseable", Metrics.reasonTag("unparseable: no header at line 3"));
        assertEquals("unknown", Metrics.reasonTag(null));
        assertEquals("4xx", Metrics.codeClass(451));
        assertEquals("none", Metrics.codeClass(0));
    }
}
