package dev.mailroom.mailbox.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.mailbox.model.FlagPatch;
import dev.mailroom.mailbox.repository.MessageSql;
import dev.mailroom.mailbox.repository.ThreadSql;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Flags, labels and folders, and deletes, of messages, threads and mailboxes: each change in one transaction with
 * the thread counters it affects; deletes release blobs by the V3 triggers. Scope as {@link Scope} (404 outside).
 */
@ApplicationScoped
public class MessageChanges {

    /** Largest batch of {@code POST /v1/messages/batch}. */
    public static final int MAX_BATCH = 100;

    private final Pool pool;
    private final MessageSql sql;
    private final ThreadSql threads;

    public MessageChanges(Pool pool, MessageSql sql, ThreadSql threads) {
        this.pool = pool;
        this.sql = sql;
        this.threads = threads;
    }

    public Uni<Void> patchMessage(Caller caller, String id, FlagPatch patch) {
        Scope.requireRead(caller);
        valid(patch, "");
        return pool.withTransaction(tx -> sql.domainOf(tx, "message", id).chain(domain -> {
            Scope.check(caller, domain, "message " + id);
            return sql.patch(tx, List.of(id), null, patch).chain(ts -> threads.recount(tx, ts));
        }));
    }

    public Uni<Void> patchThread(Caller caller, String id, FlagPatch patch) {
        Scope.requireRead(caller);
        valid(patch, "");
        return pool.withTransaction(tx -> sql.domainOf(tx, "thread", id).chain(domain -> {
            Scope.check(caller, domain, "thread " + id);
            return sql.patch(tx, null, List.of(id), patch).chain(ts -> threads.recount(tx, List.of(id)));
        }));
    }

    /** Applies {@code patch} to every message of {@code ids}, or to none: 404/422 name the index at fault. */
    public Uni<Integer> patchBatch(Caller caller, List<String> ids, FlagPatch patch) {
        Scope.requireRead(caller);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (ids == null || ids.isEmpty() || ids.size() > MAX_BATCH) {
            errors.add(new Problem.FieldError("ids", "between 1 and " + MAX_BATCH + " message ids"));
        } else {
            var seen = new HashSet<String>();
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i) == null || ids.get(i).isBlank()) {
                    errors.add(new Problem.FieldError("ids[" + i + "]", "a message id is required"));
                } else if (!seen.add(ids.get(i))) {
                    errors.add(new Problem.FieldError("ids[" + i + "]", "repeats an earlier id"));
                }
            }
        }
        errors.addAll(Patches.errors(patch, "patch."));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return pool.withTransaction(tx -> sql.lockMessages(tx, ids).chain(rows -> {
            Map<String, String> domains = new HashMap<>();
            for (Row r : rows) {
                domains.put(r.getString("id"), r.getString("domain"));
            }
            for (int i = 0; i < ids.size(); i++) {
                Scope.check(caller, domains.get(ids.get(i)), "ids[" + i + "]: message " + ids.get(i));
            }
            return sql.patch(tx, ids, null, patch).call(ts -> threads.recount(tx, ts)).map(List::size);
        }));
    }

    public Uni<Void> deleteMessage(Caller caller, String id) {
        Scope.requireRead(caller);
        return pool.withTransaction(tx -> sql.domainOf(tx, "message", id).chain(domain -> {
            Scope.check(caller, domain, "message " + id);
            return sql.deleteMessage(tx, id).chain(thread -> threads.recount(tx, thread == null ? List.of()
                    : List.of(thread)));
        })).invoke(() -> Log.infof("message deleted id=%s key=%s", id, caller.keyId()));
    }

    public Uni<Void> deleteThread(Caller caller, String id) {
        Scope.requireRead(caller);
        return pool.withTransaction(tx -> sql.domainOf(tx, "thread", id).chain(domain -> {
            Scope.check(caller, domain, "thread " + id);
            return sql.deleteThread(tx, id);
        })).invoke(() -> Log.infof("thread deleted id=%s key=%s", id, caller.keyId()));
    }

    public Uni<Void> deleteMailbox(Caller caller, String id) {
        Scope.requireRead(caller);
        return pool.withTransaction(tx -> sql.domainOf(tx, "mailbox", id).chain(domain -> {
            Scope.check(caller, domain, "mailbox " + id);
            return sql.deleteMailbox(tx, id);
        })).invoke(() -> Log.infof("mailbox deleted id=%s key=%s", id, caller.keyId()));
    }

    private static void valid(FlagPatch patch, String prefix) {
        List<Problem.FieldError> errors = Patches.errors(patch, prefix);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
