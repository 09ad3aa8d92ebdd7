package dev.mailroom.egress.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Group commit: database work submitted concurrently (delivery results, accepted API sends) shares transactions.
 * While one transaction commits, newly submitted work queues; the next transaction takes everything queued (up to
 * {@link #MAX_GROUP}), so under load one commit, and one fsync of PostgreSQL's log, serves many messages, and an idle
 * system commits each piece of work at once, as before. Each caller's {@code Uni} completes only once its own work is
 * committed. When a shared transaction fails, its work is run again one piece per transaction, so one failing piece
 * fails alone (every piece must be safe to run again after a rollback: it loads what it changes in its session).
 */
@ApplicationScoped
public class GroupCommit {

    /** Most pieces of work in one transaction. */
    static final int MAX_GROUP = 64;

    private record Pending(Supplier<Uni<?>> work, CompletableFuture<Object> done) {
    }

    private final Vertx vertx;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean committing = new AtomicBoolean();

    public GroupCommit(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs {@code work} in a transaction it may share with other work; completes once that commit is done. */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> submit(Supplier<Uni<T>> work) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        queue.add(new Pending((Supplier<Uni<?>>) (Supplier<?>) work, done));
        Context caller = Vertx.currentContext();
        next();
        Uni<T> result = Uni.createFrom().completionStage(() -> (CompletableFuture<T>) (CompletableFuture<?>) done);
        return caller == null ? result : result.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private void next() {
        if (!committing.compareAndSet(false, true)) {
            return;
        }
        List<Pending> group = new ArrayList<>();
        for (Pending p; group.size() < MAX_GROUP && (p = queue.poll()) != null;) {
            group.add(p);
        }
        if (group.isEmpty()) {
            committing.set(false);
            if (!queue.isEmpty()) {
                next(); // submitted between the poll and the reset
            }
            return;
        }
        Context own = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(own, true);
        own.runOnContext(ignored -> together(group).subscribe().with(results -> {
            for (int i = 0; i < group.size(); i++) {
                group.get(i).done().complete(results.get(i));
            }
            finished();
        }, failure -> {
            if (group.size() == 1) {
                group.get(0).done().completeExceptionally(failure);
                finished();
                return;
            }
            Log.debugf("group commit of %d failed, one by one now: %s", group.size(), failure.toString());
            alone(group, 0).subscribe().with(done -> finished(), e -> finished());
        }));
    }

    private void finished() {
        committing.set(false);
        next();
    }

    /**
     * A transaction whose session flushes at commit only. Hibernate's default (AUTO) flushes, and so dirty-checks
     * every entity of the session, before each query: with many pieces in one session that is quadratic work.
     * Pieces read rows they have not changed, or read them through the session (which returns its own instances).
     */
    static <T> Uni<T> inTransaction(java.util.function.Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .invoke(session -> session.setFlushMode(org.hibernate.FlushMode.COMMIT)).chain(ignored -> work.get()));
    }

    private static Uni<List<Object>> together(List<Pending> group) {
        return inTransaction(() -> {
            List<Object> results = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Pending p : group) {
                chain = chain.chain(() -> p.work().get().invoke(results::add).replaceWithVoid());
            }
            return chain.replaceWith(results);
        });
    }

    private static Uni<Void> alone(List<Pending> group, int index) {
        if (index == group.size()) {
            return Uni.createFrom().voidItem();
        }
        Pending p = group.get(index);
        return inTransaction(() -> p.work().get())
                .onItemOrFailure().invoke((item, failure) -> {
                    if (failure != null) {
                        p.done().completeExceptionally(failure);
                    } else {
                        p.done().complete(item);
                    }
                })
                .onFailure().recoverWithNull()
                .chain(() -> alone(group, index + 1));
    }
}
