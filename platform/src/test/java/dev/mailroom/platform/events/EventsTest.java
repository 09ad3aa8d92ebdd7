package dev.mailroom.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.observability.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/** The event factory and the record of an event: ids, service, time, key, header set, trace context. */
class EventsTest {

    private static final Instant AT = Instant.parse("2026-12-07T04:00:00Z");
    private static final Events EVENTS = new Events("svc", Clock.fixed(AT, ZoneOffset.UTC));

    @Test
    void anEventCarriesTheServiceTheClocksTimeAndADeterministicId() {
        MailroomEvent e = EVENTS.event("outbound.queued", "s-1", Map.of("rcpts", "2"));
        assertEquals(new MailroomEvent(MailroomEvent.VERSION, "outbound.queued:s-1", "outbound.queued", "s-1", AT,
                "svc", Map.of("rcpts", "2")), e);
        assertEquals("svc", EVENTS.service());
        assertEquals("outbound.delivered:s-1:b@x.test:2",
                EVENTS.event("outbound.delivered", "s-1", "b@x.test:2", null).id());
        assertEquals(Map.of(), EVENTS.event("t", "m", null, null).detail());
    }

    @Test
    void theIdIsTheOneMailroomEventOfGives() {
        assertEquals(MailroomEvent.of("inbound.received", "i-1", "svc", null).id(),
                new Events("svc").event("inbound.received", "i-1", null).id());
    }

    @Test
    void anEventWithoutAMessageIdIsRefused() {
        assertThrows(NullPointerException.class, () -> EVENTS.event("t", null, Map.of()));
    }

    @Test
    void headersCarryTheMessageIdAndTheCausationWhenKnown() {
        MailroomEvent e = EVENTS.event("inbound.routed", "r-1", Map.of());
        Headers without = Events.headers(e, null);
        assertEquals("r-1", text(without, KafkaHeaders.MESSAGE_ID));
        assertNull(without.lastHeader(KafkaHeaders.CAUSATION_ID));
        assertEquals("i-1", text(Events.headers(e, "i-1"), KafkaHeaders.CAUSATION_ID));
    }

    @Test
    void theRecordIsKeyedByMessageIdOnTheEventsTopicWithTheTraceContext() {
        MailroomEvent e = EVENTS.event("inbound.received", "i-2", Map.of("bytes", "10"));
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        Context traced = Context.root().with(Span.wrap(SpanContext.create(trace, "00f067aa0ba902b7",
                TraceFlags.getSampled(), TraceState.getDefault())));
        ProducerRecord<String, byte[]> r = Events.record(e, "c-1", traced);
        assertEquals(Topics.EVENTS, r.topic());
        assertEquals("i-2", r.key());
        assertEquals(e, Json.decode(r.value(), MailroomEvent.class, MailroomEvent.VERSION));
        assertEquals("i-2", text(r.headers(), KafkaHeaders.MESSAGE_ID));
        assertEquals("c-1", text(r.headers(), KafkaHeaders.CAUSATION_ID));
        assertEquals(trace, TraceHeaders.traceId(r.headers()));

        ProducerRecord<String, byte[]> untraced = Events.record(e, null, Context.root());
        assertNull(untraced.headers().lastHeader(TraceHeaders.TRACEPARENT));
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
