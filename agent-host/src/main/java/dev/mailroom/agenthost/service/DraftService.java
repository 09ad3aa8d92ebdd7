package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.repository.DraftRepository;
import dev.mailroom.agenthost.repository.AgentSql;
import dev.mailroom.agenthost.repository.DraftSql;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Decides drafts. Approving writes the (optionally edited) message to the outbox and the instance's history in one
 * transaction with the decision; the send id is the draft id, so a draft is sent at most once. It is sent with the
 * Message-ID it was held with ({@link MessageIds#approved}).
 */
@ApplicationScoped
public class DraftService {

    /** Changes a person made before approving; null fields keep the draft's value. */
    public record Edits(String subject, String text, String html, List<String> to) {
    }

    /** No draft with that id. */
    public static class NoSuchDraft extends RuntimeException {
        public NoSuchDraft(String id) {
            super("no draft " + id);
        }
    }

    /** The draft was approved or rejected already. */
    public static class AlreadyDecided extends RuntimeException {
        public AlreadyDecided(String id, Draft.Status status) {
            super("draft " + id + " is already " + status.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** The caller may not decide this draft (its sender's domain is not among the key's domains). */
    /** The draft is another tenant's: it answers as a missing one (404), never confirming that it exists. */
    public static class NotAllowed extends RuntimeException {
        public NotAllowed(String id) {
            super("no draft " + id);
        }
    }

    private final DraftRepository drafts;
    private final Pool pool;
    private final DraftSql decisions;
    private final AgentSql sql;
    private final MessageIds messageIds;

    public DraftService(DraftRepository drafts, Pool pool, DraftSql decisions, AgentSql sql, MessageIds messageIds) {
        this.drafts = drafts;
        this.pool = pool;
        this.decisions = decisions;
        this.sql = sql;
        this.messageIds = messageIds;
    }

    @WithTransaction
    public Uni<List<Draft>> list(Draft.Status status, dev.mailroom.platform.page.Keyset after, int limit) {
        return drafts.page(status, after, limit);
    }

    /** A page of the drafts of {@code agentKey} (any when null) in {@code thread} (any when null; see the repository). */
    @WithTransaction
    public Uni<List<Draft>> list(Draft.Status status, dev.mailroom.platform.page.Keyset after, int limit,
            String agentKey, String thread) {
        return drafts.page(status, after, limit, agentKey, thread);
    }

    @WithTransaction
    public Uni<Draft> get(String id) {
        return drafts.findById(id).map(d -> {
            if (d == null) {
                throw new NoSuchDraft(id);
            }
            return d;
        });
    }

    /** Approves draft {@code id} as it is or with {@code edits}; returns the request sent. */
    public Uni<OutboundRequest> approve(String id, Edits edits, String by) {
        return approve(id, edits, by, r -> true);
    }

    /**
     * Approves draft {@code id} as it is or with {@code edits} if {@code mayDecide} accepts the draft's request
     * ({@link NotAllowed} otherwise); returns the request sent.
     */
    public Uni<OutboundRequest> approve(String id, Edits edits, String by, Predicate<OutboundRequest> mayDecide) {
        Instant now = InboundProcessor.now();
        return pool.withTransaction(conn -> pending(conn, id, mayDecide).chain(d -> {
            OutboundRequest held = request(d);
            OutboundRequest request = messageIds.approved(held, edited(held, edits, now), d.createdAt);
            d.status = Draft.Status.APPROVED;
            d.decidedAt = now;
            d.decidedBy = by;
            d.request = new String(Json.encode(request), java.nio.charset.StandardCharsets.UTF_8);
            String thread = d.threadId != null ? d.threadId : d.id;
            Log.infof("draft approved id=%s agent=%s by=%s", d.id, d.agentKey, by);
            AgentSql.Batch batch = new AgentSql.Batch(d.agentKey, now)
                    .outbox(Events.draftDecided(d.id, d.agentKey, true, by, held.from().address(), now));
            EffectWriter.send(batch, request, thread, d.causationId, now, new ArrayList<>());
            return decisions.decide(conn, d).chain(() -> sql.write(conn, batch)).replaceWith(request);
        }));
    }

    public Uni<Draft> reject(String id, String by) {
        return reject(id, by, null, r -> true);
    }

    /**
     * Rejects draft {@code id} if {@code mayDecide} accepts its request ({@link NotAllowed} otherwise), keeping
     * {@code reason} (null: none given; checked by the caller) with the decision and in its event.
     */
    public Uni<Draft> reject(String id, String by, String reason, Predicate<OutboundRequest> mayDecide) {
        Instant now = InboundProcessor.now();
        return pool.withTransaction(conn -> pending(conn, id, mayDecide).chain(d -> {
            d.status = Draft.Status.REJECTED;
            d.decidedAt = now;
            d.decidedBy = by;
            d.decisionReason = reason;
            Log.infof("draft rejected id=%s agent=%s by=%s", d.id, d.agentKey, by);
            AgentSql.Batch batch = new AgentSql.Batch(d.agentKey, now)
                    .outbox(Events.draftRejected(d.id, d.agentKey, by, request(d).from().address(), reason, now));
            return decisions.decide(conn, d).chain(() -> sql.write(conn, batch)).replaceWith(d);
        }));
    }

    /** The request a draft holds. */
    public static OutboundRequest request(Draft d) {
        return Json.decode(d.request.getBytes(java.nio.charset.StandardCharsets.UTF_8), OutboundRequest.class,
                OutboundRequest.VERSION);
    }

    private Uni<Draft> pending(SqlClient conn, String id, Predicate<OutboundRequest> mayDecide) {
        return decisions.lock(conn, id).map(d -> {
            if (d == null) {
                throw new NoSuchDraft(id);
            }
            if (!mayDecide.test(request(d))) {
                throw new NotAllowed(id);
            }
            if (d.status != Draft.Status.PENDING) {
                throw new AlreadyDecided(id, d.status);
            }
            return d;
        });
    }

    static OutboundRequest edited(OutboundRequest r, Edits e, Instant now) {
        Edits x = e == null ? new Edits(null, null, null, null) : e;
        List<EmailAddress> to = x.to() == null ? r.to() : x.to().stream().map(EmailAddress::of).toList();
        return new OutboundRequest(r.v(), r.id(), r.from(), to, r.cc(), r.bcc(), r.replyTo(),
                x.subject() != null ? x.subject() : r.subject(), x.text() != null ? x.text() : r.text(),
                x.html() != null ? x.html() : r.html(), r.inReplyTo(), r.references(), r.headers(), r.agent(),
                r.causationId(), now, r.attachments(), r.tags());
    }
}
