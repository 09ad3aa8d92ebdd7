package dev.mailroom.egress.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class GroupCommitTest {

    /** An address containing this fails its batch by itself, before any statement. */
    private static final String REFUSED = "refused";

    @Inject
    Pool pool;

    /** Inserts the items as suppressions in one statement; answers each with the id of its transaction. */
    private static Uni<List<String>> insertAll(SqlConnection connection, List<String> addresses) {
        if (addresses.stream().anyMatch(a -> a.contains(REFUSED))) {
            return Uni.createFrom().failure(new IllegalStateException("no"));
        }
        return connection.preparedQuery("insert into egress.suppression (address, reason, created_at)"
                + " select a, 'test', now() from unnest($1::text[]) as t(a)")
                .execute(Tuple.of(addresses.toArray(String[]::new)))
                .chain(() -> connection.query("select txid_current()::text").execute())
                .map(rows -> {
                    String txid = rows.iterator().next().getString(0);
                    return addresses.stream().map(a -> txid).toList();
                });
    }

    private long stored(String prefix) {
        return pool.preparedQuery("select count(*) from egress.suppression where address like $1")
                .execute(Tuple.of(prefix + "%")).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    @Test
    void concurrentItemsShareCommits() throws Exception {
        GroupCommit<String, String> commits = new GroupCommit<>(pool, GroupCommitTest::insertAll);
        String prefix = "gs-" + UUID.randomUUID() + "-";
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(commits.submit(prefix + i + "@example.org").subscribeAsCompletionStage());
        }
        Set<String> transactions = new HashSet<>();
        for (CompletableFuture<String> r : results) {
            transactions.add(r.get(30, TimeUnit.SECONDS));
        }
        // the first item starts a commit at once; the others queue meanwhile and share the next ones
        assertTrue(transactions.size() < 20, "20 items committed in " + transactions.size() + " transactions");
        assertEquals(20L, stored(prefix));
    }

    @Test
    void aFailingItemFailsAloneAndItsNeighboursCommit() throws Exception {
        GroupCommit<String, String> commits = new GroupCommit<>(pool, GroupCommitTest::insertAll);
        String prefix = "gc-" + UUID.randomUUID() + "-";
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String address = prefix + i + "@example.org";
            if (i == 7) {
                // a duplicate primary key: the statement fails and aborts whatever transaction it is in
                address = prefix + 6 + "@example.org";
            } else if (i == 12) {
                address = prefix + REFUSED + "@example.org";
            }
            results.add(commits.submit(address).subscribeAsCompletionStage());
        }
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            try {
                results.get(i).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failed.add(i);
            }
        }
        assertEquals(List.of(7, 12), failed);
        assertEquals(18L, stored(prefix), "every item but the failing two is committed");
    }
}
