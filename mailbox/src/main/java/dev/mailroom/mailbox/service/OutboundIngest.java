package dev.mailroom.mailbox.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.ContractException;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mailbox.blob.Blobs;
import dev.mailroom.mailbox.model.MailboxRef;
import dev.mailroom.mailbox.model.NewAttachment;
import dev.mailroom.mailbox.model.NewMessage;
import dev.mailroom.mailbox.repository.DeliverySql;
import dev.mailroom.mailbox.repository.DraftSql;
import dev.mailroom.mailbox.repository.IngestSql;
import dev.mailroom.mailbox.repository.ThreadSql;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Sent mail into the sender's mailbox ({@code mailroom.outbound.requested}): folder {@code sent}, read, in the
 * thread of the message it answers when that is in the mailbox (In-Reply-To, then References newest first), else
 * in the thread of its RFC 5322 root; one {@code pending} delivery row per envelope recipient and the status
 * computed from whatever delivery events arrived already. Idempotent by the send id.
 */
@ApplicationScoped
public class OutboundIngest {

    private final Pool pool;
    private final Blobs blobs;
    private final IngestSql sql;
    private final ThreadSql threads;
    private final DeliverySql deliveries;
    private final DeliveryEvents status;
    private final DraftSql drafts;

    public OutboundIngest(Pool pool, Blobs blobs, IngestSql sql, ThreadSql threads, DeliverySql deliveries,
            DeliveryEvents status, DraftSql drafts) {
        this.drafts = drafts;
        this.pool = pool;
        this.blobs = blobs;
        this.sql = sql;
        this.threads = threads;
        this.deliveries = deliveries;
        this.status = status;
    }

    /** The Message-ID egress gives {@code request}: its own, else {@code <send id>@<from domain>}. */
    public static String messageIdOf(OutboundRequest request) {
        return request.messageId() != null ? request.messageId() : request.id() + "@" + request.from().domain();
    }

    /** Files {@code request} in its sender's mailbox; answers whether it was new. */
    public Uni<Boolean> requested(OutboundRequest request) {
        MailboxRef mailbox = MailboxRef.of(request.from().address(), request.agent());
        byte[] raw = request.raw() == null ? null : decode(request.raw(), request.id(), "raw");
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < request.attachments().size(); i++) {
            parts.add(decode(request.attachments().get(i).contentBase64(), request.id(), "attachment " + i));
        }
        Uni<Blobs.Stored> rawStored = raw == null ? Uni.createFrom().nullItem() : blobs.store(raw);
        return rawStored.chain(rawBlob -> Multi.createFrom().iterable(parts).onItem()
                .transformToUniAndConcatenate(blobs::store).collect().asList()
                .chain(stored -> pool.withTransaction(tx -> drafts.lockMailbox(tx, mailbox.id())
                        .chain(() -> file(tx, request, mailbox, rawBlob, stored)))));
    }

    private Uni<Boolean> file(SqlConnection tx, OutboundRequest request, MailboxRef mailbox, Blobs.Stored raw,
            List<Blobs.Stored> stored) {
        Instant at = request.requestedAt() != null ? request.requestedAt() : Instant.now();
        String messageId = messageIdOf(request);
        List<String> answered = new ArrayList<>();
        if (request.inReplyTo() != null) {
            answered.add(request.inReplyTo());
        }
        List<String> references = new ArrayList<>(request.references());
        Collections.reverse(references);
        answered.addAll(references);
        String root = !request.references().isEmpty() ? request.references().get(0)
                : request.inReplyTo() != null ? request.inReplyTo() : messageId;
        return sql.mailbox(tx, mailbox, at)
                .chain(() -> sql.threadOfAny(tx, mailbox.id(), answered))
                .chain(found -> {
                    String threadId = found != null ? found : mailbox.threadId(root);
                    NewMessage row = message(request, mailbox, threadId, messageId, at, raw);
                    List<NewAttachment> attachments = new ArrayList<>();
                    for (int i = 0; i < stored.size(); i++) {
                        OutboundRequest.Attachment a = request.attachments().get(i);
                        attachments.add(new NewAttachment(Ids.derived("attachment", request.id(), String.valueOf(i)),
                                request.id(), i, a.filename(),
                                a.contentType() == null ? "application/octet-stream"
                                        : a.contentType().toLowerCase(Locale.ROOT),
                                stored.get(i).size(), stored.get(i).sha256(), a.contentId(), a.inline()));
                    }
                    return sql.thread(tx, threadId, mailbox, root, request.subject(), at)
                            .chain(() -> sql.message(tx, row))
                            .call(isNew -> !isNew ? Uni.createFrom().voidItem()
                                    : sql.attachments(tx, attachments, at)
                                            .chain(() -> deliveries.pending(tx, request.id(), List.copyOf(request.envelopeRecipients().values()), at))
                                            .chain(() -> status.recompute(tx, request.id())))
                            .call(() -> drafts.attach(tx, mailbox.id(), threadId, messageId))
                            .call(() -> threads.recount(tx, List.of(threadId)))
                            .invoke(isNew -> Log.infof("sent message filed id=%s mailbox=%s thread=%s new=%s",
                                    request.id(), mailbox.address(), threadId, isNew));
                });
    }

    private static NewMessage message(OutboundRequest r, MailboxRef mailbox, String threadId, String messageId,
            Instant at, Blobs.Stored raw) {
        return new NewMessage(r.id(), mailbox.id(), threadId, mailbox.domain(), "outbound", null, messageId,
                r.inReplyTo() == null ? List.of() : List.of(r.inReplyTo()), r.references(), r.from().address(),
                r.from().name(), JsonColumns.addresses(r.to()), JsonColumns.addresses(r.cc()),
                JsonColumns.addresses(r.bcc()), JsonColumns.addresses(r.replyTo()), r.subject(), null, at, r.text(),
                r.html(), Snippets.of(r.text(), r.html()), null, null, null,
                r.agent() == null ? null : r.agent().className(), r.agent() == null ? null : r.agent().instance(),
                raw == null ? null : raw.sha256(), raw == null ? null : raw.size(), "queued", false, "sent");
    }

    private static byte[] decode(String base64, String id, String what) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ContractException("undecodable-json", what + " of send " + id + " is not base64");
        }
    }
}
