package dev.mailroom.mailbox.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.mailbox.model.MailboxRef;
import dev.mailroom.mailbox.repository.DraftSql;
import dev.mailroom.mailbox.repository.IngestSql;
import dev.mailroom.mailbox.repository.ThreadSql;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The pending agent drafts of each thread ({@code thread.drafts_pending}, the {@code drafts} folder) from
 * agent-host's events on {@code mailroom.events}: {@code agent.send-held} (a draft: its sender {@code from} names
 * the mailbox, {@code inReplyTo} and {@code references} the message it answers), {@code agent.draft-approved} and
 * {@code agent.draft-rejected}. The draft joins the thread of the newest message of the mailbox it references (the
 * way its sent copy will be threaded); one row per draft id, so each event counts once (ADR 0040).
 */
@ApplicationScoped
public class ThreadDrafts {

    static final String HELD = "agent.send-held";
    static final Map<String, String> DECIDED = Map.of("agent.draft-approved", "approved",
            "agent.draft-rejected", "rejected");
    /** Message-IDs of a draft's references looked at (the newest). */
    static final int MAX_REFS = 20;

    private final Pool pool;
    private final DraftSql drafts;
    private final IngestSql ingest;
    private final ThreadSql threads;

    public ThreadDrafts(Pool pool, DraftSql drafts, IngestSql ingest, ThreadSql threads) {
        this.pool = pool;
        this.drafts = drafts;
        this.ingest = ingest;
        this.threads = threads;
    }

    /** Applies {@code event} when it is about a draft; answers whether it was one. */
    public Uni<Boolean> apply(MailroomEvent event) {
        boolean held = HELD.equals(event.type());
        String decision = DECIDED.get(event.type());
        String from = event.detail().get("from");
        if (!held && decision == null) {
            return Uni.createFrom().item(false);
        }
        if (from == null || from.isBlank() || event.messageId() == null) {
            Log.warnf("draft event without sender or id type=%s id=%s", event.type(), event.id());
            return Uni.createFrom().item(false);
        }
        MailboxRef mailbox = MailboxRef.of(from, null);
        Instant at = event.at() != null ? event.at() : Instant.now();
        return pool.withTransaction(tx -> drafts.lockMailbox(tx, mailbox.id()).chain(() -> held
                ? heldDraft(tx, event, mailbox, at)
                : drafts.decided(tx, event.messageId(), mailbox.id(), decision, at))
                .call(thread -> thread == null ? Uni.createFrom().voidItem() : threads.recount(tx, List.of(thread))))
                .invoke(thread -> Log.debugf("draft event type=%s draft=%s thread=%s", event.type(),
                        event.messageId(), thread))
                .replaceWith(true);
    }

    private Uni<String> heldDraft(SqlClient tx, MailroomEvent event, MailboxRef mailbox, Instant at) {
        List<String> refs = refs(event.detail());
        return ingest.threadOfAny(tx, mailbox.id(), refs)
                .chain(thread -> drafts.held(tx, event.messageId(), mailbox.id(), thread, refs, at));
    }

    /** In-Reply-To, then References newest first, without angle brackets, at most {@link #MAX_REFS}. */
    static List<String> refs(Map<String, String> detail) {
        List<String> out = new ArrayList<>();
        add(out, detail.get("inReplyTo"));
        String references = detail.get("references");
        if (references != null) {
            String[] ids = references.trim().split("\\s+");
            for (int i = ids.length - 1; i >= 0 && out.size() < MAX_REFS; i--) {
                add(out, ids[i]);
            }
        }
        return out;
    }

    private static void add(List<String> out, String id) {
        if (id == null) {
            return;
        }
        String bare = id.trim();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        if (!bare.isEmpty() && !out.contains(bare)) {
            out.add(bare);
        }
    }
}
