package dev.mailroom.mailbox.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import dev.mailroom.mailbox.webhook.CustomerEvents;
import dev.mailroom.mailbox.webhook.EventPayload;
import dev.mailroom.mailbox.webhook.WebhooksConfig;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /v1/events/stream}: the customer events of the key's domains as server-sent events ({@code id:} the
 * log's seq, {@code event:} the type, {@code data:} the webhook JSON), filtered by {@code types}, {@code mailbox}
 * and {@code domain}. Resumable: with {@code Last-Event-ID} (header, or {@code ?last_event_id=}) it continues after
 * that seq, without loss or repetition; without, it starts at the log's head. New rows are found by short polling
 * in seq order; a gap in seq (a writer not committed yet) is waited for up to {@code stream.gap-grace}. A comment
 * every {@code stream.keep-alive} keeps idle connections open.
 */
@Path("/v1/events")
public class EventStreamResource {

    /** Rows read per poll. */
    static final int BATCH = 500;

    private final EventStreamSql sql;
    private final CurrentCaller current;
    private final WebhooksConfig config;

    EventStreamResource(EventStreamSql sql, CurrentCaller current, WebhooksConfig config) {
        this.sql = sql;
        this.current = current;
        this.config = config;
    }

    /** What one stream shows. */
    record Filter(Caller caller, Set<String> types, String mailbox, String domain) {
        boolean shows(EventStreamSql.LogRow r) {
            return r.domain() != null && caller.covers(r.domain()) && (types.isEmpty() || types.contains(r.type()))
                    && (mailbox == null || mailbox.equals(r.mailboxId()))
                    && (domain == null || domain.equals(r.domain()));
        }
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse, @HeaderParam("Last-Event-ID") String lastEventHeader,
            @QueryParam("last_event_id") String lastEventQuery, @QueryParam("types") String types,
            @QueryParam("mailbox") String mailbox, @QueryParam("domain") String domain) {
        Caller caller = current.get();
        if (!caller.may(Permission.READ)) {
            throw ApiException.forbidden("this operation needs the permission read");
        }
        Filter filter = filter(caller, types, mailbox, domain);
        Long resume = lastEventId(lastEventHeader != null && !lastEventHeader.isBlank() ? lastEventHeader
                : lastEventQuery);
        AtomicLong cursor = new AtomicLong(resume == null ? -1 : resume);
        Multi<OutboundSseEvent> events = Multi.createFrom().ticks().startingAfter(java.time.Duration.ofMillis(1))
                .every(config.stream().poll()).onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> poll(cursor, filter))
                .onItem().<EventStreamSql.LogRow>disjoint()
                .map(r -> sse.newEventBuilder().id(Long.toString(r.seq())).name(r.type())
                        .mediaType(MediaType.TEXT_PLAIN_TYPE) // the JSON, as written for webhooks
                        .data(String.class, new String(EventPayload.body(r.id(), r.type(), r.at(), r.data(),
                                r.messageId(), config.maxPayloadBytes()), StandardCharsets.UTF_8))
                        .build());
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(config.stream().keepAlive())
                .onOverflow().drop().map(t -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(events, keepAlive);
    }

    /** The rows after the cursor this stream shows; moves the cursor over every row read, held at a fresh gap. */
    private Uni<List<EventStreamSql.LogRow>> poll(AtomicLong cursor, Filter filter) {
        if (cursor.get() < 0) {
            return sql.head().map(head -> {
                cursor.set(head);
                return List.of();
            });
        }
        return sql.after(cursor.get(), BATCH, config.stream().gapGrace()).map(rows -> {
            List<EventStreamSql.LogRow> shown = new ArrayList<>();
            long at = cursor.get();
            for (EventStreamSql.LogRow r : rows) {
                if (r.seq() != at + 1 && !r.settled()) {
                    break; // a lower seq may still commit: wait for it (or for the grace to pass)
                }
                at = r.seq();
                if (filter.shows(r)) {
                    shown.add(r);
                }
            }
            cursor.set(at);
            return shown;
        });
    }

    static Filter filter(Caller caller, String types, String mailbox, String domain) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> typeSet = Set.of();
        if (types != null && !types.isBlank()) {
            List<String> list = Arrays.stream(types.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            for (String t : list) {
                if (!CustomerEvents.TYPES.contains(t)) {
                    errors.add(new Problem.FieldError("types", "unknown event type '" + t + "'; known: "
                            + CustomerEvents.sortedTypes()));
                    break;
                }
            }
            typeSet = Set.copyOf(list);
        }
        String d = domain == null || domain.isBlank() ? null : domain.trim().toLowerCase(Locale.ROOT);
        if (d != null && !caller.covers(d)) {
            errors.add(new Problem.FieldError("domain", "this key does not cover the domain " + d));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new Filter(caller, typeSet, mailbox == null || mailbox.isBlank() ? null : mailbox.trim(), d);
    }

    static Long lastEventId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(value.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Last-Event-ID must be an event id of this stream (a non-negative number)");
        }
    }
}
