package dev.mailroom.mailbox.service;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.mime.InvalidMessageException;
import dev.mailroom.mail.mime.MimeBuilder;
import dev.mailroom.mailbox.blob.Blobs;
import dev.mailroom.mailbox.render.BodySanitizer;
import dev.mailroom.mailbox.repository.DeliverySql;
import dev.mailroom.mailbox.repository.MessageSql;
import dev.mailroom.mailbox.repository.Sql;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.problem.ApiException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * What the API reads: a thread with its messages, a message with bodies, verdicts, attachments and (outbound) its
 * delivery in egress-sender's field names, the raw bytes and attachment bytes or text. Every read checks
 * {@link Scope}.
 */
@ApplicationScoped
public class MailboxReads {

    /** Bytes with the metadata an HTTP answer needs. */
    public record Content(byte[] bytes, String contentType, String filename) {
    }

    private final Pool pool;
    private final MessageSql sql;
    private final DeliverySql deliveries;
    private final Blobs blobs;

    public MailboxReads(Pool pool, MessageSql sql, DeliverySql deliveries, Blobs blobs) {
        this.pool = pool;
        this.sql = sql;
        this.deliveries = deliveries;
        this.blobs = blobs;
    }

    public Uni<Map<String, Object>> thread(Caller caller, String id) {
        Scope.requireRead(caller);
        return sql.thread(id).chain(t -> {
            Scope.check(caller, t == null ? null : t.getString("domain"), "thread " + id);
            return sql.messagesOfThread(id).chain(rows -> {
                List<Row> messages = new ArrayList<>();
                rows.forEach(messages::add);
                return attachments(messages.stream().map(r -> r.getString("id")).toList()).map(files -> {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("id", t.getString("id"));
                    v.put("mailbox_id", t.getString("mailbox_id"));
                    v.put("mailbox", t.getString("mailbox"));
                    v.put("agent_class", t.getString("agent_class"));
                    v.put("agent_instance", t.getString("agent_instance"));
                    v.put("subject", t.getString("subject"));
                    v.put("root", t.getString("root"));
                    v.put("message_count", t.getInteger("message_count"));
                    v.put("unread_count", t.getInteger("unread_count"));
                    v.put("needs_reply", t.getBoolean("needs_reply"));
                    v.put("last_message_at", Sql.instant(t.getOffsetDateTime("last_message_at")));
                    v.put("messages", messages.stream().map(m -> {
                        Map<String, Object> s = summary(m);
                        s.put("attachments", files.getOrDefault(m.getString("id"), List.of()));
                        return s;
                    }).toList());
                    return v;
                });
            });
        });
    }

    public Uni<Map<String, Object>> message(Caller caller, String id) {
        Scope.requireRead(caller);
        return sql.message(id).chain(m -> {
            Scope.check(caller, m == null ? null : m.getString("domain"), "message " + id);
            Map<String, Object> v = summary(m);
            v.put("mailbox_id", m.getString("mailbox_id"));
            v.put("mailbox", m.getString("mailbox"));
            v.put("thread_id", m.getString("thread_id"));
            v.put("message_id", m.getString("header_message_id"));
            v.put("in_reply_to", List.of(m.getArrayOfStrings("in_reply_to")));
            v.put("references", List.of(m.getArrayOfStrings("refs")));
            v.put("reply_to", json(m.getString("reply_to_json")));
            if ("outbound".equals(m.getString("direction"))) {
                v.put("bcc", json(m.getString("bcc_json")));
            }
            v.put("date", Sql.instant(m.getOffsetDateTime("date_header")));
            v.put("text", m.getString("text_body"));
            v.put("html", m.getString("html_body"));
            v.put("remote_images", BodySanitizer.remoteImages(m.getString("html_body")));
            v.put("auto_reply", m.getString("auto_reply"));
            v.put("authentication", json(m.getString("authentication_json")));
            v.put("route", route(m));
            if (m.getString("agent_class") != null) {
                v.put("agent", Map.of("class", m.getString("agent_class"), "instance",
                        String.valueOf(m.getString("agent_instance"))));
            }
            if (m.getString("raw_sha256") != null) {
                v.put("raw", Map.of("sha256", m.getString("raw_sha256"), "size", m.getLong("raw_size")));
            }
            Uni<Void> delivery = !"outbound".equals(m.getString("direction")) ? Uni.createFrom().voidItem()
                    : deliveries.recipients(pool, id).chain(rs -> deliveries.attempts(pool, id).invoke(as -> {
                        v.put("recipients", rs.stream().map(r -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("address", r.address());
                            x.put("status", r.status());
                            x.put("attempts", r.attempts());
                            x.put("last_reply", r.lastReply());
                            return x;
                        }).toList());
                        v.put("attempts", as.stream().map(a -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("recipient", a.recipient());
                            x.put("at", a.at());
                            x.put("host", a.host());
                            x.put("outcome", a.outcome());
                            x.put("reply", a.reply());
                            return x;
                        }).toList());
                        Map<String, Object> timeline = new LinkedHashMap<>();
                        timeline.put("status", m.getString("status"));
                        timeline.put("queued_at", Sql.instant(m.getOffsetDateTime("at")));
                        timeline.put("recipients", v.get("recipients"));
                        timeline.put("attempts", v.get("attempts"));
                        v.put("delivery", timeline);
                    })).replaceWithVoid();
            return delivery.chain(() -> attachments(List.of(id)))
                    .map(files -> {
                        v.put("attachments", files.getOrDefault(id, List.of()));
                        return v;
                    });
        });
    }

    /** The stored message bytes; an outbound message without raw bytes is rebuilt from what was requested. */
    public Uni<byte[]> raw(Caller caller, String id) {
        Scope.requireRead(caller);
        return sql.rawOf(id).chain(r -> {
            Scope.check(caller, r == null ? null : r.getString("domain"), "message " + id);
            if (r.getString("sha256") != null) {
                return blobs.read(r.getString("sha256")).map(bytes -> {
                    if (bytes == null) {
                        throw ApiException.notFound("the raw bytes of message " + id);
                    }
                    return bytes;
                });
            }
            if (!"outbound".equals(r.getString("direction"))) {
                throw ApiException.notFound("the raw message of " + id + " (not received yet)");
            }
            return rebuild(id);
        });
    }

    /** An attachment's bytes ({@code text} false) or extracted text. */
    public Uni<Content> attachment(Caller caller, String messageId, String attachmentId, boolean text) {
        Scope.requireRead(caller);
        return sql.attachment(messageId, attachmentId).chain(a -> {
            Scope.check(caller, a == null ? null : a.getString("domain"), "attachment " + attachmentId);
            if (text) {
                String status = a.getString("text_status");
                if (status == null) {
                    throw ApiException.notFound("the text of attachment " + attachmentId);
                }
                if (!"done".equals(status)) {
                    throw ApiException.conflict("attachment-text-" + status, "Attachment text not available",
                            "the text of attachment " + attachmentId + " is " + status);
                }
                String body = a.getString("text") == null ? "" : a.getString("text");
                return Uni.createFrom().item(new Content(body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "text/plain; charset=utf-8", null));
            }
            if (a.getString("sha256") == null) {
                throw ApiException.notFound("the content of attachment " + attachmentId + " (not kept)");
            }
            return blobs.read(a.getString("sha256")).map(bytes -> {
                if (bytes == null) {
                    throw ApiException.notFound("the content of attachment " + attachmentId);
                }
                return new Content(bytes, a.getString("content_type"), a.getString("filename"));
            });
        });
    }

    private Uni<byte[]> rebuild(String id) {
        return sql.message(id).chain(m -> sql.attachments(List.of(id)).chain(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return Multi.createFrom().iterable(list).onItem().transformToUniAndConcatenate(a -> {
                String digest = a.getString("sha256");
                Uni<byte[]> bytes = digest == null ? Uni.createFrom().item(new byte[0]) : blobs.read(digest);
                return bytes.map(b -> new OutboundRequest.Attachment(a.getString("filename"),
                        a.getString("content_type"), Base64.getEncoder().encodeToString(b == null ? new byte[0] : b),
                        a.getString("content_id")));
            }).collect().asList().map(files -> {
                OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, id,
                        new EmailAddress(m.getString("from_name"), m.getString("from_address")),
                        addresses(m.getString("to_json")), addresses(m.getString("cc_json")), List.of(),
                        addresses(m.getString("reply_to_json")), m.getString("subject"), m.getString("text_body"),
                        m.getString("html_body"),
                        m.getArrayOfStrings("in_reply_to").length == 0 ? null : m.getArrayOfStrings("in_reply_to")[0],
                        List.of(m.getArrayOfStrings("refs")), Map.of(), null, null,
                        Sql.instant(m.getOffsetDateTime("at")), files, List.of());
                Clock at = Clock.fixed(Sql.instant(m.getOffsetDateTime("at")), ZoneOffset.UTC);
                try {
                    return new MimeBuilder(at).build(request, "<" + m.getString("header_message_id") + ">").bytes();
                } catch (InvalidMessageException | IllegalArgumentException e) {
                    Log.warnf("raw not rebuilt id=%s reason=%s", id, e.getMessage());
                    throw ApiException.notFound("the raw message of " + id + " (it cannot be rebuilt)");
                }
            });
        }));
    }

    private Uni<Map<String, List<Map<String, Object>>>> attachments(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sql.attachments(messageIds).map(rows -> {
            Map<String, List<Map<String, Object>>> out = new HashMap<>();
            for (Row a : rows) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("id", a.getString("id"));
                x.put("filename", a.getString("filename"));
                x.put("content_type", a.getString("content_type"));
                x.put("size", a.getLong("size"));
                x.put("sha256", a.getString("sha256"));
                x.put("content_id", a.getString("content_id"));
                x.put("inline", a.getBoolean("inline"));
                x.put("text_status", a.getString("text_status"));
                out.computeIfAbsent(a.getString("message_id"), k -> new ArrayList<>()).add(x);
            }
            return out;
        });
    }

    /**
     * How an inbound message reached its mailbox: the router's {@code by}, {@code verified} (a valid signed reply
     * token chose it) and {@code detail}, with the mailbox's {@code address} and {@code agent}; null for sent mail.
     */
    private static Map<String, Object> route(Row m) {
        String stored = m.getString("route_json");
        if (stored == null) {
            return null;
        }
        Map<String, Object> route = new LinkedHashMap<>();
        JsonNode node;
        try {
            node = Json.mapper().readTree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("message.route is not JSON", e);
        }
        route.put("by", node.path("by").isMissingNode() ? null : node.path("by").asText(null));
        route.put("verified", node.path("verified").asBoolean(false));
        route.put("detail", node.path("detail").isMissingNode() || node.path("detail").isNull() ? null
                : node.path("detail").asText());
        route.put("address", m.getString("mailbox"));
        if (m.getString("agent_class") != null) {
            route.put("agent", Map.of("class", m.getString("agent_class"), "instance",
                    String.valueOf(m.getString("agent_instance"))));
        } else {
            route.put("agent", null);
        }
        return route;
    }

    private static Map<String, Object> summary(Row m) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", m.getString("id"));
        s.put("direction", m.getString("direction"));
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("address", m.getString("from_address"));
        from.put("name", m.getString("from_name"));
        s.put("from", m.getString("from_address") == null ? null : from);
        s.put("to", json(m.getString("to_json")));
        s.put("cc", json(m.getString("cc_json")));
        s.put("subject", m.getString("subject"));
        s.put("at", Sql.instant(m.getOffsetDateTime("at")));
        s.put("snippet", m.getString("snippet"));
        s.put("unread", m.getBoolean("unread"));
        s.put("starred", m.getBoolean("starred"));
        s.put("labels", List.of(m.getArrayOfStrings("labels")));
        s.put("folder", m.getString("folder"));
        if ("outbound".equals(m.getString("direction"))) {
            s.put("status", m.getString("status"));
        }
        return s;
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON does not parse", e);
        }
    }

    private static List<EmailAddress> addresses(String text) {
        try {
            List<Map<String, String>> list = Json.mapper().readValue(text, new TypeReference<>() {
            });
            return list.stream().map(a -> new EmailAddress(a.get("name"), a.get("address"))).toList();
        } catch (IOException e) {
            throw new IllegalStateException("stored addresses do not parse", e);
        }
    }
}
