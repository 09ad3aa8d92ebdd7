package dev.mailroom.mailbox.repository;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** What a reply, reply-all or forward reads of the message it answers (tables of V1), by the reactive client. */
@ApplicationScoped
public class ReplySql {

    /** The mailbox a message belongs to: whose address answers, and the agent instance owning it, if any. */
    public record Mailbox(String id, String address, String domain, String agentClass, String agentInstance) {

        public boolean ofAgent() {
            return agentClass != null && agentInstance != null;
        }
    }

    /** The message answered, as V1 stores it; Message-IDs without angle brackets. */
    public record Original(String id, Mailbox mailbox, String domain, String direction, String messageId,
            List<String> inReplyTo, List<String> references, EmailAddress from, List<EmailAddress> to,
            List<EmailAddress> cc, List<EmailAddress> replyTo, String subject, Instant date, String text,
            String html) {

        public boolean inbound() {
            return "inbound".equals(direction);
        }
    }

    /** One attachment of a message; {@code sha256} null when its content was never stored. */
    public record Attachment(String id, int ordinal, String filename, String contentType, long size, String sha256,
            String contentId, boolean inline) {
    }

    private static final TypeReference<List<EmailAddress>> ADDRESSES = new TypeReference<>() {
    };

    private final Pool pool;

    ReplySql(Pool pool) {
        this.pool = pool;
    }

    /** Message {@code id} with its mailbox, or null when there is none. */
    public Uni<Original> original(String id) {
        return pool.preparedQuery("SELECT m.id, m.domain, m.direction, m.header_message_id, m.in_reply_to, m.refs,"
                + " m.from_address, m.from_name, m.to_addresses::text AS to_json, m.cc_addresses::text AS cc_json,"
                + " m.reply_to::text AS reply_to_json, m.subject, coalesce(m.date_header, m.at) AS date, m.text_body,"
                + " m.html_body, b.id AS mailbox_id, b.address, b.domain AS mailbox_domain, b.agent_class,"
                + " b.agent_instance FROM message m JOIN mailbox b ON b.id = m.mailbox_id WHERE m.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : original(rows.iterator().next()));
    }

    /** The attachments of message {@code id}, in order. */
    public Uni<List<Attachment>> attachments(String id) {
        return pool.preparedQuery("SELECT id, ordinal, filename, content_type, size, sha256, content_id, inline"
                + " FROM attachment WHERE message_id = $1 ORDER BY ordinal").execute(Tuple.of(id)).map(rows -> {
                    List<Attachment> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Attachment(r.getString("id"), r.getInteger("ordinal"), r.getString("filename"),
                                r.getString("content_type"), r.getLong("size"), r.getString("sha256"),
                                r.getString("content_id"), r.getBoolean("inline")));
                    }
                    return out;
                });
    }

    private static Original original(Row r) {
        Mailbox mailbox = new Mailbox(r.getString("mailbox_id"), r.getString("address"),
                r.getString("mailbox_domain"), r.getString("agent_class"), r.getString("agent_instance"));
        String fromAddress = r.getString("from_address");
        EmailAddress from = fromAddress == null ? null : new EmailAddress(r.getString("from_name"), fromAddress);
        OffsetDateTime date = r.getOffsetDateTime("date");
        return new Original(r.getString("id"), mailbox, r.getString("domain"), r.getString("direction"),
                r.getString("header_message_id"), strings(r.getArrayOfStrings("in_reply_to")),
                strings(r.getArrayOfStrings("refs")), from, addresses(r.getString("to_json")),
                addresses(r.getString("cc_json")), addresses(r.getString("reply_to_json")), r.getString("subject"),
                date == null ? null : date.toInstant(), r.getString("text_body"), r.getString("html_body"));
    }

    private static List<String> strings(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    private static List<EmailAddress> addresses(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(json, ADDRESSES);
        } catch (IOException e) {
            throw new IllegalStateException("stored address list is not readable", e);
        }
    }
}
