package dev.mailroom.mailbox.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.contract.Ids;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.mail.address.AddrSpec;

/**
 * Which lifecycle events of {@code mailroom.events} become customer events in {@code event_log}, as data: the
 * source type, the customer type, how its tenant (domain) is found, and the detail keys its small JSON
 * {@code data} carries (never bodies). Adding an event is adding a line. Pure logic.
 */
public final class CustomerEvents {

    /** How an event's tenant is found. */
    public enum Scope {
        /** The outbound message's sender domain: looked up in {@code message} by the event's message id. */
        MESSAGE,
        /** The draft's sender: {@code detail.from} (or {@code detail.domain}), else the message by id. */
        DRAFT,
        /** The domain itself: {@code detail.domain}, else the event's key (the domain name). */
        DOMAIN
    }

    /**
     * One mapping line.
     *
     * @param type   the customer event type
     * @param scope  how its domain is found
     * @param status {@code data.status} (null: none)
     */
    public record Kind(String type, Scope scope, String status) {
    }

    /** Source type → customer event. */
    static final Map<String, Kind> FROM_SOURCE = Map.ofEntries(
            Map.entry("outbound.queued", new Kind("message.sent", Scope.MESSAGE, "queued")),
            Map.entry("outbound.delivered", new Kind("message.delivered", Scope.MESSAGE, "delivered")),
            Map.entry("outbound.sent", new Kind("message.delivered", Scope.MESSAGE, "relayed")),
            Map.entry("outbound.deferred", new Kind("message.deferred", Scope.MESSAGE, "deferred")),
            Map.entry("outbound.bounced", new Kind("message.bounced", Scope.MESSAGE, "bounced")),
            Map.entry("outbound.failed", new Kind("message.failed", Scope.MESSAGE, "failed")),
            Map.entry("outbound.suppressed", new Kind("message.suppressed", Scope.MESSAGE, "suppressed")),
            Map.entry("agent.send-held", new Kind("draft.created", Scope.DRAFT, "pending")),
            Map.entry("agent.draft-approved", new Kind("draft.approved", Scope.DRAFT, "approved")),
            Map.entry("agent.draft-rejected", new Kind("draft.rejected", Scope.DRAFT, "rejected")),
            Map.entry("domain.verified", new Kind("domain.verified", Scope.DOMAIN, "verified")),
            Map.entry("domain.record-broken", new Kind("domain.record_broken", Scope.DOMAIN, "broken")));

    /** Detail key of the source → key in {@code data} (the detail keys copied; everything else stays behind). */
    static final Map<String, String> DETAIL_KEYS = Map.ofEntries(
            Map.entry("recipient", "recipient"), Map.entry("reply", "reply"), Map.entry("attempt", "attempt"),
            Map.entry("nextAttemptAt", "next_attempt_at"), Map.entry("reason", "reason"),
            Map.entry("messageId", "header_message_id"), Map.entry("recipients", "recipients"),
            Map.entry("tags", "tags"), Map.entry("agent", "agent"), Map.entry("by", "by"),
            Map.entry("purpose", "purpose"), Map.entry("name", "name"), Map.entry("type", "record_type"),
            Map.entry("status", "record_status"), Map.entry("dkimVerified", "dkim_verified"));

    /** Every customer event type a webhook or the stream may ask for (message.received is logged by ingest). */
    public static final Set<String> TYPES;

    static {
        Set<String> types = new TreeSet<>();
        types.add("message.received");
        FROM_SOURCE.values().forEach(k -> types.add(k.type()));
        TYPES = Set.copyOf(types);
    }

    /** A row for {@code event_log}. */
    public record Entry(String id, String type, String domain, String mailboxId, String messageId, Instant at,
            ObjectNode data) {
    }

    private CustomerEvents() {
    }

    /** The customer event a source type becomes, if any. */
    public static Optional<Kind> of(String sourceType) {
        return Optional.ofNullable(FROM_SOURCE.get(sourceType));
    }

    /** The customer types, sorted (for messages). */
    public static List<String> sortedTypes() {
        return List.copyOf(new TreeSet<>(TYPES));
    }

    /** The log's id of the event made from {@code source}: deterministic, so a redelivered source logs nothing twice. */
    public static String eventId(MailroomEvent source) {
        return "evt_" + Ids.derived("event", source.id() == null ? source.type() + ":" + source.messageId()
                : source.id());
    }

    /**
     * The domain the event tells about when it says so itself (domain events, drafts with their sender), lower
     * case; empty when it must be looked up.
     */
    public static Optional<String> ownDomain(Kind kind, MailroomEvent source) {
        Map<String, String> d = source.detail();
        String domain = switch (kind.scope()) {
            case DOMAIN -> d.getOrDefault("domain", source.messageId());
            case DRAFT -> d.containsKey("domain") ? d.get("domain")
                    : d.containsKey("from") ? AddrSpec.domainOf(d.get("from")).orElse(null) : null;
            case MESSAGE -> d.get("domain");
        };
        return Optional.ofNullable(domain).filter(s -> !s.isBlank()).map(s -> s.toLowerCase(Locale.ROOT));
    }

    /** The mailbox a draft event names through its sender, when it does. */
    public static Optional<String> ownMailbox(Kind kind, MailroomEvent source) {
        String from = source.detail().get("from");
        if (kind.scope() != Scope.DRAFT || from == null || from.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Ids.derived("mailbox", from.toLowerCase(Locale.ROOT)));
    }

    /** The log row of {@code source} once its tenant is known. */
    public static Entry entry(Kind kind, MailroomEvent source, String domain, String mailboxId) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        switch (kind.scope()) {
            case MESSAGE -> data.put("message_id", source.messageId());
            case DRAFT -> data.put("draft_id", source.messageId());
            case DOMAIN -> { }
        }
        data.put("domain", domain);
        if (mailboxId != null) {
            data.put("mailbox_id", mailboxId);
        }
        if (kind.status() != null) {
            data.put("status", kind.status());
        }
        Map<String, String> copied = new LinkedHashMap<>();
        source.detail().forEach((k, v) -> {
            String key = DETAIL_KEYS.get(k);
            if (key != null && v != null && !v.isEmpty()) {
                copied.put(key, v.length() > 1000 ? v.substring(0, 1000) : v);
            }
        });
        copied.forEach(data::put);
        String messageId = kind.scope() == Scope.DOMAIN ? null : source.messageId();
        Instant at = source.at() == null ? Instant.now() : source.at();
        return new Entry(eventId(source), kind.type(), domain, mailboxId, messageId, at, data);
    }
}
