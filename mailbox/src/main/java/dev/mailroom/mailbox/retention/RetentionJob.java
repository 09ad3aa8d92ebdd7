package dev.mailroom.mailbox.retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.mailroom.mailbox.repository.ThreadSql;
import dev.mailroom.platform.observability.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deletes mail older than its retention ({@link RetentionPolicy}, ADR 0034), rule by rule, in bounded batches of one
 * transaction each: {@code DELETE FROM message WHERE id IN (SELECT ... ORDER BY at LIMIT n FOR UPDATE SKIP LOCKED)};
 * in the same transaction the threads it touched are locked, then recounted by {@link ThreadSql#recount} (counters
 * and {@code needs_reply} from the messages left; a thread left empty is deleted).
 * Attachments go with their message (foreign key cascade), the last message of an inbound id takes its raw message,
 * and blob refcounts fall, all through the schema's triggers (V3); the bytes go with the {@code BlobSweeper} after its
 * grace period.
 *
 * <p>A thread belongs to one mailbox and a mailbox has one retention, so the oldest messages of a thread go first and
 * its newest message (and so {@code needs_reply}) stays until the thread goes. Runs every
 * {@code mailroom.mailbox.retention.interval} (default 1h, {@code off} disables), one run at a time; counts
 * {@code mailroom_mailbox_retention_deleted_total{scope}}.
 */
@ApplicationScoped
public class RetentionJob {

    /** Messages of mailboxes owned by class $1. */
    private static final String CLASS_SCOPE = "m.mailbox_id IN (SELECT b.id FROM mailbox b WHERE b.agent_class = $1)";
    /** Messages of domain $1 in mailboxes whose class has no rule ($4). */
    private static final String DOMAIN_SCOPE = "m.domain = $1 AND NOT EXISTS (SELECT 1 FROM mailbox b"
            + " WHERE b.id = m.mailbox_id AND b.agent_class = ANY($4))";
    /** Messages of domains ($1) and classes ($4) without a rule. */
    private static final String DEFAULT_SCOPE = "m.domain <> ALL($1) AND NOT EXISTS (SELECT 1 FROM mailbox b"
            + " WHERE b.id = m.mailbox_id AND b.agent_class = ANY($4))";

    private static final String LOCK_THREADS = "SELECT id FROM thread WHERE id = ANY($1) ORDER BY id FOR UPDATE";

    private final Pool pool;
    private final ThreadSql threadSql;
    private final RetentionPolicy policy;
    private final int batchSize;
    private final int maxBatches;
    private final Metrics.CounterFamily deleted;

    @Inject
    RetentionJob(Pool pool, ThreadSql threadSql, RetentionConfig config, MeterRegistry registry) {
        this(pool, threadSql, RetentionPolicy.of(config), config.batchSize(), config.maxBatches(), registry);
    }

    /** A job for {@code policy} (tests build their own). */
    RetentionJob(Pool pool, ThreadSql threadSql, RetentionPolicy policy, int batchSize, int maxBatches,
            MeterRegistry registry) {
        if (batchSize < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("mailroom.mailbox.retention.batch-size and max-batches must be positive");
        }
        this.pool = pool;
        this.threadSql = threadSql;
        this.policy = policy;
        this.batchSize = batchSize;
        this.maxBatches = maxBatches;
        this.deleted = new Metrics.CounterFamily(registry, "mailroom.mailbox.retention.deleted",
                "Messages deleted because they outlived their retention", Tags.empty(), "scope");
        if (policy.isEmpty()) {
            Log.info("retention: none configured, mail is kept forever");
        } else {
            policy.rules().forEach(rule -> Log.infof("retention scope=%s key=%s keep=%s", rule.scope().tag(),
                    rule.key(), rule.keep()));
        }
    }

    @Scheduled(identity = "mail-retention", every = "${mailroom.mailbox.retention.interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run(Instant.now()).invoke(n -> {
            if (n > 0) {
                Log.infof("retention deleted=%d", n);
            }
        }).onFailure().invoke(f -> Log.warnf("retention run failed: %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One run as of {@code now}: every rule, up to {@code max-batches} batches each; the messages deleted. */
    public Uni<Integer> run(Instant now) {
        return Multi.createFrom().iterable(policy.rules())
                .onItem().transformToUniAndConcatenate(rule -> applyRule(rule, now.minus(rule.keep()), 0, 0))
                .collect().in(() -> new int[1], (sum, n) -> sum[0] += n).map(sum -> sum[0]);
    }

    private Uni<Integer> applyRule(RetentionPolicy.Rule rule, Instant cutoff, int batches, int total) {
        if (batches >= maxBatches) {
            return Uni.createFrom().item(total);
        }
        return pool.withTransaction(connection -> deleteBatch(connection, rule, cutoff)).chain(n -> {
            if (n > 0) {
                deleted.of(rule.scope().tag()).increment(n);
            }
            return n < batchSize ? Uni.createFrom().item(total + n) : applyRule(rule, cutoff, batches + 1, total + n);
        });
    }

    private Uni<Integer> deleteBatch(SqlConnection connection, RetentionPolicy.Rule rule, Instant cutoff) {
        String scope;
        Object key;
        switch (rule.scope()) {
            case CLASS -> {
                scope = CLASS_SCOPE;
                key = rule.key();
            }
            case DOMAIN -> {
                scope = DOMAIN_SCOPE;
                key = rule.key();
            }
            default -> {
                scope = DEFAULT_SCOPE;
                key = policy.domainNames();
            }
        }
        String sql = "DELETE FROM message WHERE id IN (SELECT m.id FROM message m WHERE " + scope
                + " AND m.at < $2 ORDER BY m.at LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING thread_id";
        Tuple args = Tuple.of(key, cutoff.atOffset(ZoneOffset.UTC), batchSize);
        if (rule.scope() != RetentionPolicy.Scope.CLASS) {
            args.addArrayOfString(policy.classNames());
        }
        return connection.preparedQuery(sql).execute(args).chain(rows -> {
            Set<String> threads = new LinkedHashSet<>();
            for (Row row : rows) {
                threads.add(row.getString("thread_id"));
            }
            int n = rows.rowCount();
            if (n == 0) {
                return Uni.createFrom().item(0);
            }
            // locked first: a statement after the lock sees a message another transaction added meanwhile
            return connection.preparedQuery(LOCK_THREADS).execute(Tuple.of((Object) threads.toArray(new String[0])))
                    .chain(() -> threadSql.recount(connection, threads))
                    .replaceWith(n);
        });
    }

    /** The policy in force (for logs and tests). */
    public RetentionPolicy policy() {
        return policy;
    }
}
