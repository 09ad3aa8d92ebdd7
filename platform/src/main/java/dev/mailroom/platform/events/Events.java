package dev.mailroom.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.observability.TraceHeaders;
import io.opentelemetry.context.Context;

/**
 * The one way to build a {@link MailroomEvent} and its Kafka record: one factory per service (a consistent
 * {@code service}, times from one clock), ids {@code type:messageId[:discriminator]} (deterministic, so readers
 * deduplicate an event emitted twice), the record keyed by the message id on {@link Topics#EVENTS} with the event
 * header set: {@code mailroom.message-id} (the event's message id), {@code mailroom.causation-id} (when the
 * publisher knows it) and the W3C {@code traceparent} (written by the SmallRye Kafka connector for emitters, by
 * {@link #record} for hand-built producers). Framework-free and thread-safe.
 */
public final class Events {

    private final String service;
    private final Clock clock;

    public Events(String service) {
        this(service, Clock.systemUTC());
    }

    public Events(String service, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The service name every event of this factory carries. */
    public String service() {
        return service;
    }

    /** An event about {@code messageId}, id {@code type:messageId}, now. */
    public MailroomEvent event(String type, String messageId, Map<String, String> detail) {
        return event(type, messageId, null, detail);
    }

    /**
     * An event about {@code messageId}, now; {@code discriminator} (may be null) makes its id unique where one
     * message has several events of a type (a recipient and an attempt, …).
     */
    public MailroomEvent event(String type, String messageId, String discriminator, Map<String, String> detail) {
        return new MailroomEvent(MailroomEvent.VERSION, id(type, messageId, discriminator), type, messageId,
                clock.instant(), service, detail);
    }

    /** {@code type:messageId}, then {@code :discriminator} when there is one. */
    public static String id(String type, String messageId, String discriminator) {
        return type + ":" + messageId + (discriminator == null ? "" : ":" + discriminator);
    }

    /** The event header set without the trace context: {@code mailroom.message-id}, causation when not null. */
    public static Headers headers(MailroomEvent event, String causationId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.MESSAGE_ID, event.messageId().getBytes(StandardCharsets.UTF_8));
        if (causationId != null) {
            headers.add(KafkaHeaders.CAUSATION_ID, causationId.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    /**
     * The record of {@code event} for a hand-built producer: {@link Topics#EVENTS}, keyed by the message id, the JSON
     * event as value, {@link #headers} plus the {@code traceparent} of {@code trace} (none when it holds no span).
     */
    public static ProducerRecord<String, byte[]> record(MailroomEvent event, String causationId, Context trace) {
        Headers headers = headers(event, causationId);
        TraceHeaders.inject(trace, headers);
        return new ProducerRecord<>(Topics.EVENTS, null, event.messageId(), Json.encode(event), headers);
    }
}
