package dev.mailroom.contract;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A lifecycle event on {@link Topics#EVENTS}, keyed by {@link #messageId()}.
 *
 * @param v         schema version, {@link #VERSION}
 * @param id        unique id of the event (deterministic where the event can be emitted twice, so readers can
 *                  deduplicate)
 * @param type      dotted event type, e.g. {@code inbound.received}, {@code inbound.routed},
 *                  {@code inbound.dead-lettered}, {@code outbound.delivered}, {@code outbound.dead-lettered}
 * @param messageId the inbound, routed or send id the event is about
 * @param at        when it happened
 * @param service   the service that emitted it
 * @param detail    small string attributes (reason, agent, recipient…); never bodies or secrets. agent-host's draft
 *                  events: {@code agent.send-held} carries {@code agent}, {@code reason}, {@code from} (the sender
 *                  address), and when the draft answers a message {@code inReplyTo} and {@code references}
 *                  (space-separated Message-IDs, no brackets), by which the mailbox counts it in that thread;
 *                  {@code agent.draft-approved} / {@code agent.draft-rejected} carry {@code agent}, {@code by},
 *                  {@code from}, and a rejection the person's {@code reason} when given (ADR 0040)
 */
public record MailroomEvent(int v, String id, String type, String messageId, Instant at, String service,
        Map<String, String> detail) {

    public static final int VERSION = 1;

    public MailroomEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(messageId, "messageId");
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public static MailroomEvent of(String type, String messageId, String service, Map<String, String> detail) {
        return new MailroomEvent(VERSION, type + ":" + messageId, type, messageId, Instant.now(), service, detail);
    }
}
