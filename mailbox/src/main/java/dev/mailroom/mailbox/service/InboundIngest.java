package dev.mailroom.mailbox.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.ContractException;
import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.mailbox.blob.Blobs;
import dev.mailroom.mailbox.model.MailboxRef;
import dev.mailroom.mailbox.model.NewAttachment;
import dev.mailroom.mailbox.model.NewMessage;
import dev.mailroom.mailbox.repository.IngestSql;
import dev.mailroom.mailbox.repository.DraftSql;
import dev.mailroom.mailbox.repository.ThreadSql;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Inbound mail into mailboxes: the raw message of {@code mailroom.inbound.received} (bytes in the blob store, a
 * {@code raw_message} row) and each routed copy of {@code mailroom.inbound.routed} (the recipient's mailbox, the
 * thread, the message, its attachments, the thread counters and the {@code message.received} event, in one
 * transaction). Idempotent: the event id {@code message.received:<routed id>} is the processed marker, so a
 * redelivered record changes nothing, even after the message was deleted.
 */
@ApplicationScoped
public class InboundIngest {

    public static final String RECEIVED = "message.received";

    private final Pool pool;
    private final Blobs blobs;
    private final IngestSql sql;
    private final ThreadSql threads;
    private final DraftSql drafts;

    public InboundIngest(Pool pool, Blobs blobs, IngestSql sql, ThreadSql threads, DraftSql drafts) {
        this.drafts = drafts;
        this.pool = pool;
        this.blobs = blobs;
        this.sql = sql;
        this.threads = threads;
    }

    /** Keeps the raw message of {@code envelope}; answers whether it was new. */
    public Uni<Boolean> raw(Envelope envelope, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ContractException("empty-message", "raw record " + envelope.inboundId() + " has no bytes");
        }
        return blobs.store(bytes).chain(blob -> pool.withTransaction(tx -> sql
                .rawMessage(tx, envelope.inboundId(), blob.sha256(), blob.size(), envelope.receivedAt())
                .call(inserted -> inserted ? sql.attachRaw(tx, envelope.inboundId(), blob.sha256(), blob.size())
                        : Uni.createFrom().voidItem())))
                .invoke(inserted -> Log.debugf("raw kept inboundId=%s new=%s", envelope.inboundId(), inserted));
    }

    /** Files {@code routed} in its recipient's mailbox; answers whether it was new. */
    public Uni<Boolean> routed(RoutedEmail routed) {
        if (routed.recipient() == null || routed.recipient().isBlank()) {
            throw new ContractException("missing-recipient", "routed record " + routed.id() + " has no recipient");
        }
        ParsedMessage m = routed.message();
        MailboxRef mailbox = MailboxRef.of(routed.recipient(), routed.agent());
        List<Content> contents = contents(routed);
        return Multi.createFrom().iterable(contents).onItem()
                .transformToUniAndConcatenate(c -> c.bytes == null ? Uni.createFrom().item(c)
                        : blobs.store(c.bytes).map(stored -> c.stored(stored.sha256())))
                .collect().asList()
                .chain(stored -> pool.withTransaction(tx -> drafts.lockMailbox(tx, mailbox.id())
                        .chain(() -> file(tx, routed, m, mailbox, stored))));
    }

    private Uni<Boolean> file(SqlConnection tx, RoutedEmail routed, ParsedMessage m, MailboxRef mailbox,
            List<Content> stored) {
        Instant at = routed.receivedAt() != null ? routed.receivedAt() : Instant.now();
        Route route = routed.route();
        boolean token = route != null && route.verified() && Route.BY_REPLY_TOKEN.equals(route.by());
        List<String> answered = new ArrayList<>(m.inReplyTo());
        List<String> references = new ArrayList<>(m.references());
        java.util.Collections.reverse(references);
        answered.addAll(references);
        String root = m.threadId() != null ? m.threadId() : m.messageId() != null ? m.messageId() : routed.id();
        return sql.mailbox(tx, mailbox, at)
                .chain(() -> token ? sql.threadOfAny(tx, mailbox.id(), answered) : Uni.createFrom().nullItem())
                .chain(found -> {
                    String threadId = found != null ? found : mailbox.threadId(root);
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("message_id", routed.id());
                    data.put("mailbox", mailbox.address());
                    data.put("thread_id", threadId);
                    data.put("from", m.from() == null ? null : m.from().address());
                    data.put("subject", m.subject());
                    return sql.logEvent(tx, RECEIVED + ":" + routed.id(), RECEIVED, mailbox.domain(), mailbox.id(),
                            routed.id(), at, JsonColumns.object(data)).chain(isNew -> {
                                if (!isNew) {
                                    Log.debugf("routed already filed id=%s", routed.id());
                                    return Uni.createFrom().item(false);
                                }
                                return insert(tx, routed, m, mailbox, threadId, root, at, stored);
                            });
                });
    }

    private Uni<Boolean> insert(SqlConnection tx, RoutedEmail routed, ParsedMessage m, MailboxRef mailbox,
            String threadId, String root, Instant at, List<Content> stored) {
        return sql.rawOf(tx, routed.inboundId()).chain(raw -> {
            NewMessage row = message(routed, m, mailbox, threadId, at, raw);
            List<NewAttachment> attachments = new ArrayList<>();
            for (Content c : stored) {
                ParsedMessage.Attachment a = c.attachment;
                attachments.add(new NewAttachment(Ids.derived("attachment", routed.id(), String.valueOf(c.ordinal)),
                        routed.id(), c.ordinal, a.filename(),
                        a.contentType() == null ? "application/octet-stream" : a.contentType(),
                        c.bytes != null ? c.bytes.length : a.size(), c.sha256, a.contentId(), a.contentId() != null));
            }
            return sql.thread(tx, threadId, mailbox, root, m.subject(), at)
                    .chain(() -> sql.message(tx, row))
                    .call(isNew -> isNew ? sql.attachments(tx, attachments, at) : Uni.createFrom().voidItem())
                    .call(() -> drafts.attach(tx, mailbox.id(), threadId, row.headerMessageId()))
                    .call(() -> threads.recount(tx, List.of(threadId)))
                    .invoke(isNew -> Log.infof("message filed id=%s mailbox=%s thread=%s attachments=%d", routed.id(),
                            mailbox.address(), threadId, attachments.size()));
        });
    }

    private static NewMessage message(RoutedEmail routed, ParsedMessage m, MailboxRef mailbox, String threadId,
            Instant at, Row raw) {
        return new NewMessage(routed.id(), mailbox.id(), threadId, mailbox.domain(), "inbound", routed.inboundId(),
                m.messageId(), m.inReplyTo(), m.references(), m.from() == null ? null : m.from().address(),
                m.from() == null ? null : m.from().name(), JsonColumns.addresses(m.to()),
                JsonColumns.addresses(m.cc()), JsonColumns.addresses(List.of()), JsonColumns.addresses(m.replyTo()),
                m.subject(), m.date(), at, m.text(), m.html(), Snippets.of(m.text(), m.html()), m.autoReply(),
                JsonColumns.encode(routed.authentication()), JsonColumns.encode(routed.route()),
                routed.agent().className(), routed.agent().instance(),
                raw == null ? null : raw.getString("sha256"), raw == null ? null : raw.getLong("size"), null, true,
                "inbox");
    }

    /** The attachments with their decoded bytes (null when the router did not carry them). */
    private static List<Content> contents(RoutedEmail routed) {
        List<Content> out = new ArrayList<>();
        int ordinal = 0;
        for (ParsedMessage.Attachment a : routed.message().attachments()) {
            byte[] bytes = null;
            if (a.contentBase64() != null) {
                try {
                    bytes = Base64.getMimeDecoder().decode(a.contentBase64());
                } catch (IllegalArgumentException e) {
                    throw new ContractException("undecodable-json",
                            "attachment " + ordinal + " of " + routed.id() + " is not base64");
                }
                if (a.sha256() != null && !a.sha256().equalsIgnoreCase(Blobs.sha256(bytes))) {
                    Log.warnf("attachment digest differs from the router's id=%s ordinal=%d", routed.id(), ordinal);
                }
            }
            out.add(new Content(ordinal++, a, bytes, null));
        }
        return out;
    }

    private record Content(int ordinal, ParsedMessage.Attachment attachment, byte[] bytes, String sha256) {
        Content stored(String digest) {
            return new Content(ordinal, attachment, bytes, digest);
        }
    }
}
