package dev.mailroom.mailbox.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.mailbox.blob.Blobs;
import dev.mailroom.mailbox.render.BodySanitizer;
import dev.mailroom.mailbox.render.BodySanitizer.InlinePart;
import dev.mailroom.mailbox.repository.MessageSql;
import dev.mailroom.platform.auth.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * {@code GET /v1/messages/{id}/body}: the message's body as a safe HTML document ({@link BodySanitizer}); the HTML
 * part when there is one (its {@code cid:} images from the message's own parts, read from the blob store only when
 * the HTML refers to them), else the text part escaped. Scope as {@link Scope} (404 outside).
 */
@ApplicationScoped
public class MessageBodies {

    /** Parts read at most for one body's {@code cid:} images. */
    static final int MAX_PARTS = 50;

    private final MessageSql sql;
    private final Blobs blobs;

    public MessageBodies(MessageSql sql, Blobs blobs) {
        this.sql = sql;
        this.blobs = blobs;
    }

    /** The safe document of message {@code id}; {@code allowImages} keeps remote images. */
    public Uni<BodySanitizer.Result> body(Caller caller, String id, boolean allowImages) {
        Scope.requireRead(caller);
        return sql.message(id).chain(m -> {
            Scope.check(caller, m == null ? null : m.getString("domain"), "message " + id);
            String html = m.getString("html_body");
            if (html == null || html.isBlank()) {
                return Uni.createFrom().item(new BodySanitizer.Result(BodySanitizer.text(m.getString("text_body")),
                        0));
            }
            Uni<Map<String, InlinePart>> parts = html.toLowerCase(java.util.Locale.ROOT).contains("cid:")
                    ? inlineParts(id) : Uni.createFrom().item(Map.of());
            return parts.map(found -> BodySanitizer.html(html, found::get, allowImages));
        });
    }

    /** The parts of message {@code id} with a Content-ID and bytes, by Content-ID (without angle brackets). */
    private Uni<Map<String, InlinePart>> inlineParts(String id) {
        return sql.attachments(List.of(id)).chain(rows -> {
            List<Row> withId = new ArrayList<>();
            for (Row a : rows) {
                if (a.getString("content_id") != null && a.getString("sha256") != null
                        && a.getLong("size") <= BodySanitizer.MAX_INLINE_BYTES
                        && BodySanitizer.RASTER.contains(type(a.getString("content_type")))
                        && withId.size() < MAX_PARTS) {
                    withId.add(a);
                }
            }
            return Multi.createFrom().iterable(withId).onItem()
                    .transformToUniAndConcatenate(a -> blobs.read(a.getString("sha256"))
                            .map(bytes -> Map.entry(bare(a.getString("content_id")),
                                    new InlinePart(a.getString("content_type"), bytes))))
                    .collect().asList().map(entries -> {
                        Map<String, InlinePart> out = new HashMap<>();
                        entries.forEach(e -> {
                            if (e.getValue().bytes() != null) {
                                out.putIfAbsent(e.getKey(), e.getValue());
                            }
                        });
                        return out;
                    });
        });
    }

    private static String type(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static String bare(String contentId) {
        String id = contentId.trim();
        return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
    }
}
