package dev.mailroom.egress.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Group commit on the reactive SQL client: items submitted concurrently (delivery results) are
 * written together, by one {@link Batch} (a few multi-row statements) in one transaction. While one transaction
 * commits, newly submitted items queue; the next transaction takes everything queued (up to {@link #MAX_GROUP}), so
 * under load one commit, and one fsync of PostgreSQL's log, serves many messages, and an idle system commits each
 * item at once. Each caller's {@code Uni} completes only once its own item is committed. When a shared transaction
 * fails, its items are run again one per transaction, so one failing item fails alone (a batch must therefore be
 * safe to run again after a rollback: it reads what it changes inside its transaction).
 *
 * @param <I> what a caller submits
 * @param <O> what the caller gets back once it is committed
 */
public final class GroupCommit<I, O> {

    /** Most items in one transaction. */
    static final int MAX_GROUP = 64;

    /** The work of many items, on a connection inside a transaction; one result per item, in order. */
    @FunctionalInterface
    public interface Batch<I, O> {
        Uni<List<O>> run(SqlConnection connection, List<I> items);
    }

    private record Pending<I>(I item, CompletableFuture<Object> done) {
    }

    private final Pool pool;
    private final Batch<I, O> batch;
    private final Queue<Pending<I>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean committing = new AtomicBoolean();

    public GroupCommit(Pool pool, Batch<I, O> batch) {
        this.pool = pool;
        this.batch = batch;
    }

    /** Writes {@code item} in a transaction it may share with other items; completes once that commit is done. */
    @SuppressWarnings("unchecked")
    public Uni<O> submit(I item) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        queue.add(new Pending<>(item, done));
        Context caller = Vertx.currentContext();
        next();
        Uni<O> result = Uni.createFrom().completionStage(() -> (CompletableFuture<O>) (CompletableFuture<?>) done);
        return caller == null ? result : result.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private void next() {
        if (!committing.compareAndSet(false, true)) {
            return;
        }
        List<Pending<I>> group = new ArrayList<>();
        for (Pending<I> p; group.size() < MAX_GROUP && (p = queue.poll()) != null;) {
            group.add(p);
        }
        if (group.isEmpty()) {
            committing.set(false);
            if (!queue.isEmpty()) {
                next(); // submitted between the poll and the reset
            }
            return;
        }
        List<I> items = group.stream().map(Pending::item).toList();
        Uni.createFrom().deferred(() -> pool.withTransaction(connection -> Uni.createFrom()
                .deferred(() -> batch.run(connection, items))))
                .subscribe().with(results -> {
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
                    alone(group, 0).subscribe().with(ignored -> finished(), e -> finished());
                });
    }

    private void finished() {
        committing.set(false);
        next();
    }

    private Uni<Void> alone(List<Pending<I>> group, int index) {
        if (index == group.size()) {
            return Uni.createFrom().voidItem();
        }
        Pending<I> p = group.get(index);
        return Uni.createFrom().deferred(() -> pool.withTransaction(connection -> Uni.createFrom()
                .deferred(() -> batch.run(connection, List.of(p.item())))))
                .onItemOrFailure().invoke((results, failure) -> {
                    if (failure != null) {
                        p.done().completeExceptionally(failure);
                    } else {
                        p.done().complete(results.get(0));
                    }
                })
                .onFailure().recoverWithNull()
                .chain(() -> alone(group, index + 1));
    }
}
