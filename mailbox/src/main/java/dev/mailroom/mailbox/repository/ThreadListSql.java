package dev.mailroom.mailbox.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.mailroom.mailbox.search.SearchQuery;
import dev.mailroom.mailbox.search.ThreadQueries;
import dev.mailroom.mailbox.search.ThreadQueries.Scope;
import dev.mailroom.mailbox.search.ThreadQueries.Statement;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The thread listing and search of {@code GET /v1/threads} ({@link ThreadQueries}), by the reactive SQL client. */
@ApplicationScoped
public class ThreadListSql {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One thread of the listing.
     *
     * @param messageIds the messages that meet the query (best first with text, else newest first; at most 100),
     *                   null without a query
     * @param highlights subject and body of the best message with the searched words marked, null without text
     * @param rank       the thread's rank (text searches), for the page token only
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ThreadSummary(String id, String mailboxId, String subject, String snippet, Instant lastMessageAt,
            int messageCount, int unreadCount, boolean needsReply, List<String> labels,
            @JsonInclude(JsonInclude.Include.ALWAYS) List<Participant> participants, boolean starred,
            boolean hasAttachments, int draftsPending,
            @JsonInclude(JsonInclude.Include.ALWAYS) String deliveryProblem, List<String> messageIds,
            Highlights highlights, @JsonIgnore Float rank) {
    }

    /** A sender of the thread: {@code name} null when no message gave one. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Participant(String name, String address) {
    }

    /**
     * Highlights: the text with every searched word in {@code <mark>}…{@code </mark>}, everything else HTML-escaped
     * (safe to insert as HTML). {@code attachment}: the best matching attachment text of the thread's best matching
     * messages, null when no attachment's text has a searched word.
     */
    public record Highlights(String subject, String body,
            @JsonInclude(JsonInclude.Include.ALWAYS) AttachmentHighlight attachment) {
    }

    /** An attachment's text highlighted ({@code text}, as {@link Highlights}) and its file name, HTML-escaped. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AttachmentHighlight(String filename, String text) {
    }

    private final Pool pool;

    ThreadListSql(Pool pool) {
        this.pool = pool;
    }

    /** The domain of mailbox {@code id}; null when there is none. */
    public Uni<String> mailboxDomain(String id) {
        return pool.preparedQuery("SELECT domain FROM mailbox WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("domain") : null);
    }

    /** {@link ThreadQueries#newest}, run. */
    public Uni<List<ThreadSummary>> newest(Scope scope, SearchQuery query, boolean withIds, Instant afterAt,
            String afterId, int limit) {
        return run(ThreadQueries.newest(scope, query, withIds, afterAt, afterId, limit)).map(rows -> {
            List<ThreadSummary> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(summary(r, withIds ? strings(r, "message_ids") : null, null, null));
            }
            return out;
        });
    }

    /** {@link ThreadQueries#ranked}, run; the highlights HTML-escaped with their marks. */
    public Uni<List<ThreadSummary>> ranked(Scope scope, SearchQuery query, Float afterRank, String afterId,
            int limit) {
        return run(ThreadQueries.ranked(scope, query, afterRank, afterId, limit)).map(rows -> {
            List<ThreadSummary> out = new ArrayList<>();
            for (Row r : rows) {
                String attachment = r.getString("attachment_highlight");
                out.add(summary(r, strings(r, "message_ids"), new Highlights(html(r.getString("subject_highlight")),
                        html(r.getString("body_highlight")), attachment == null ? null
                                : new AttachmentHighlight(html(r.getString("attachment_filename")), html(attachment))),
                        r.getFloat("rank")));
            }
            return out;
        });
    }

    private Uni<RowSet<Row>> run(Statement statement) {
        return pool.preparedQuery(statement.sql()).execute(Tuple.from(new ArrayList<>(statement.params())));
    }

    private static ThreadSummary summary(Row r, List<String> ids, Highlights highlights, Float rank) {
        return new ThreadSummary(r.getString("id"), r.getString("mailbox_id"), r.getString("subject"),
                r.getString("snippet"), r.getOffsetDateTime("last_message_at").toInstant(),
                r.getInteger("message_count"), r.getInteger("unread_count"), r.getBoolean("needs_reply"),
                strings(r, "labels"), participants(r.getString("participants_json")), r.getBoolean("starred"),
                r.getBoolean("has_attachments"), r.getInteger("drafts_pending"), r.getString("delivery_problem"), ids,
                highlights, rank);
    }

    private static final TypeReference<List<Participant>> PARTICIPANTS = new TypeReference<>() {
    };

    private static List<Participant> participants(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, PARTICIPANTS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("thread.participants is not a JSON list of senders", e);
        }
    }

    private static List<String> strings(Row r, String column) {
        String[] values = r.getArrayOfStrings(column);
        return values == null ? List.of() : Arrays.asList(values);
    }

    /** {@code text} HTML-escaped, the highlight marks PostgreSQL set turned into {@code <mark>} elements. */
    static String html(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case ThreadQueries.MARK_START -> out.append("<mark>");
                case ThreadQueries.MARK_END -> out.append("</mark>");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
