package dev.mailroom.egress.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
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

import dev.mailroom.egress.model.Suppression;
import dev.mailroom.egress.repository.SuppressionRepository;
import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class GroupCommitTest {

    @Inject
    GroupCommit commits;

    @Inject
    SuppressionRepository suppressions;

    private Uni<String> insert(String address) {
        Suppression s = new Suppression();
        s.address = address;
        s.reason = "test";
        s.createdAt = Instant.now();
        return suppressions.persist(s).chain(() -> Panache.getSession())
                .chain(session -> session.flush().chain(() -> session
                        .createNativeQuery("select txid_current()::text", String.class).getSingleResult()));
    }

    @Test
    void concurrentWorkSharesCommits() throws Exception {
        String prefix = "gs-" + UUID.randomUUID() + "-";
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String address = prefix + i + "@example.org";
            results.add(commits.submit(() -> insert(address)).subscribeAsCompletionStage());
        }
        Set<String> transactions = new HashSet<>();
        for (CompletableFuture<String> r : results) {
            transactions.add(r.get(30, TimeUnit.SECONDS));
        }
        // the first piece starts a commit at once; the others queue meanwhile and share the next ones
        assertTrue(transactions.size() < 20, "20 pieces committed in " + transactions.size() + " transactions");
        assertEquals(20L, commits.submit(() -> suppressions.count("address like ?1", prefix + "%"))
                .await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void aFailingPieceFailsAloneAndItsNeighboursCommit() throws Exception {
        String prefix = "gc-" + UUID.randomUUID() + "-";
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String address = prefix + i + "@example.org";
            if (i == 7) {
                // a duplicate primary key: the statement fails and aborts whatever transaction it is in
                results.add(commits.submit(() -> insert(prefix + 6 + "@example.org")).subscribeAsCompletionStage());
            } else if (i == 12) {
                results.add(commits.<String>submit(() -> Uni.createFrom().failure(new IllegalStateException("no")))
                        .subscribeAsCompletionStage());
            } else {
                results.add(commits.submit(() -> insert(address)).subscribeAsCompletionStage());
            }
        }
        Set<String> transactions = new HashSet<>();
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            try {
                transactions.add(results.get(i).get(30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                failed.add(i);
            }
        }
        assertEquals(List.of(7, 12), failed);
        // reads go through the group commit too: it runs them on a Vert.x context, as Hibernate Reactive needs
        long stored = commits.submit(() -> suppressions.count("address like ?1", prefix + "%"))
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(18, stored, "every piece but the failing two is committed");
        assertNull(commits.submit(() -> suppressions.findById(prefix + 12 + "@example.org"))
                .await().atMost(Duration.ofSeconds(10)));
    }
}
