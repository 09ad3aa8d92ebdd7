package dev.mailroom.sdk;

import java.util.List;

/**
 * Filters of the event stream: event {@code types}, a {@code mailbox} id, a {@code domain}, and the
 * {@code lastEventId} to resume after (absent: only events still to come).
 */
public record EventStreamParams(List<String> types, String mailbox, String domain, String lastEventId) {

    public static EventStreamParams all() {
        return new EventStreamParams(null, null, null, null);
    }

    public EventStreamParams withTypes(String... types) {
        return new EventStreamParams(List.of(types), mailbox, domain, lastEventId);
    }

    public EventStreamParams withMailbox(String mailbox) {
        return new EventStreamParams(types, mailbox, domain, lastEventId);
    }

    public EventStreamParams withDomain(String domain) {
        return new EventStreamParams(types, mailbox, domain, lastEventId);
    }

    public EventStreamParams withLastEventId(String lastEventId) {
        return new EventStreamParams(types, mailbox, domain, lastEventId);
    }
}
