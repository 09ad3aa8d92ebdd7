package dev.mailroom.mailbox.blob;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.platform.observability.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Removes blobs nobody references (ADR 0034): rows of {@code blob} with {@code refcount = 0} for longer than the
 * grace period lose their bytes in their store ({@code blob.store}) and then their row.
 *
 * <p>Each blob is removed in its own transaction: {@code DELETE ... WHERE sha256 = $1 AND refcount = 0 AND
 * unreferenced before the cutoff RETURNING store} takes the row's lock, the bytes are deleted from the store while
 * the lock is held, then the transaction commits. A writer that references the blob meanwhile either got there first
 * (its refcount makes the {@code DELETE} match nothing) or waits on the lock and finds no row once the bytes are
 * gone, so it creates the row anew and stores the bytes again (writers store bytes after or while writing the
 * reference, or touch {@code unreferenced_at} first; see the ADR). A store that fails rolls the row back: it is swept
 * again on the next run, so a failure never leaves bytes nobody can find. A crash after the bytes went and before
 * the commit leaves an unreferenced row without bytes, which the next run removes (deleting absent bytes is
 * harmless) and which a writer's {@link BlobStore#put} fills again.
 *
 * <p>Runs every {@code mailroom.mailbox.blobs.sweep.interval} (default 5 min, {@code off} disables), one run at a
 * time, at most {@code batch-size} blobs per run. Counts {@code mailroom_mailbox_blobs_swept_total{store}} and
 * {@code mailroom_mailbox_blobs_sweep_failures_total{store}}.
 */
@ApplicationScoped
public class BlobSweeper {

    private static final String CANDIDATES = "SELECT sha256 FROM blob WHERE refcount = 0"
            + " AND COALESCE(unreferenced_at, created_at) < $1 ORDER BY COALESCE(unreferenced_at, created_at) LIMIT $2";
    private static final String REMOVE_ROW = "DELETE FROM blob WHERE sha256 = $1 AND refcount = 0"
            + " AND COALESCE(unreferenced_at, created_at) < $2 RETURNING store";

    private final Pool pool;
    private final BlobStores stores;
    private final BlobsConfig config;
    private final Metrics.CounterFamily swept;
    private final Metrics.CounterFamily failures;

    BlobSweeper(Pool pool, BlobStores stores, BlobsConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.stores = stores;
        this.config = config;
        this.swept = new Metrics.CounterFamily(registry, "mailroom.mailbox.blobs.swept",
                "Unreferenced blobs whose bytes and row were removed", Tags.empty(), "store");
        this.failures = new Metrics.CounterFamily(registry, "mailroom.mailbox.blobs.sweep.failures",
                "Unreferenced blobs the sweep could not remove this time (retried on the next run)", Tags.empty(),
                "store");
    }

    @Scheduled(identity = "blob-sweep", every = "${mailroom.mailbox.blobs.sweep.interval:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().invoke(removed -> {
            if (removed > 0) {
                Log.infof("blob sweep removed=%d", removed);
            }
        }).onFailure().invoke(f -> Log.warnf("blob sweep failed: %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One run: removes up to {@code batch-size} blobs unreferenced for longer than the grace period. */
    public Uni<Integer> sweep() {
        return sweep(Instant.now().minus(config.sweep().gracePeriod()), config.sweep().batchSize());
    }

    /** One run against an explicit cutoff: blobs unreferenced since before {@code cutoff}, at most {@code limit}. */
    public Uni<Integer> sweep(Instant cutoff, int limit) {
        OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
        return pool.preparedQuery(CANDIDATES).execute(Tuple.of(before, limit)).map(rows -> {
            List<String> shas = new ArrayList<>();
            for (Row row : rows) {
                shas.add(row.getString("sha256"));
            }
            return shas;
        }).onItem().transformToMulti(shas -> Multi.createFrom().iterable(shas))
                .onItem().transformToUniAndConcatenate(sha -> remove(sha, before))
                .collect().in(() -> new int[1], (count, removed) -> count[0] += removed ? 1 : 0)
                .map(count -> count[0]);
    }

    private Uni<Boolean> remove(String sha256, OffsetDateTime before) {
        String[] storeName = {"unknown"};
        return pool.withTransaction(connection -> connection.preparedQuery(REMOVE_ROW)
                .execute(Tuple.of(sha256, before)).chain(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Uni.createFrom().item(false); // referenced again, or touched, meanwhile
                    }
                    storeName[0] = it.next().getString("store");
                    return stores.named(storeName[0]).delete(sha256).replaceWith(true);
                })).invoke(removed -> {
                    if (removed) {
                        swept.increment(storeName[0]);
                        Log.debugf("blob swept sha256=%s store=%s", sha256, storeName[0]);
                    }
                }).onFailure().recoverWithItem(f -> {
                    failures.increment(storeName[0]);
                    Log.warnf("blob sweep kept sha256=%s store=%s for the next run: %s", sha256, storeName[0],
                            f.getMessage());
                    return false;
                });
    }
}
