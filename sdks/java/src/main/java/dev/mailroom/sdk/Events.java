package dev.mailroom.sdk;

/** The customer event stream (server-sent events). */
public final class Events extends Resource {

    Events(Transport t) {
        super(t);
    }

    /**
     * The customer events of the key's domains as a blocking iterator; after a dropped connection it reconnects
     * with {@code Last-Event-ID} (the last event given out), so none is lost. Close it when done.
     */
    public EventStream<CustomerEvent> stream(EventStreamParams params) {
        EventStreamParams p = params == null ? EventStreamParams.all() : params;
        String types = p.types() == null || p.types().isEmpty() ? null : String.join(",", p.types());
        return new EventStream<>(token -> t.open(call("GET", "/v1/events/stream").query("types", types)
                .query("mailbox", p.mailbox()).query("domain", p.domain())
                .header("Last-Event-ID", token).accept("text/event-stream")),
                e -> CustomerEvent.from(e.id(), JsonObject.parse(e.data())), CustomerEvent::id, t.maxRetries,
                p.lastEventId());
    }

    public EventStream<CustomerEvent> stream() {
        return stream(null);
    }
}
