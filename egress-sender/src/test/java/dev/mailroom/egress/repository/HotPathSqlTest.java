package dev.mailroom.egress.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.egress.model.ClaimedDelivery;
import dev.mailroom.egress.model.Delivery;
import dev.mailroom.egress.model.DeliveryAttempt;
import dev.mailroom.egress.model.Suppression;
import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The hot path's multi-row statements against PostgreSQL: what they write, and what they leave alone. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class HotPathSqlTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Thrown to roll a test transaction back once its assertions ran. */
    private static final class Rollback extends RuntimeException {
    }

    @Inject
    Pool pool;

    @Inject
    MessageSql messages;

    @Inject
    DeliverySql deliveries;

    private static MessageSql.Spooled spooled(String id, String status, String raw) {
        return new MessageSql.Spooled(id, status, "app@mail.test", "mail.test", "s", "<" + id + "@mail.test>",
                "{}", raw.getBytes(StandardCharsets.UTF_8), false, "a,b");
    }

    private static DeliverySql.NewDelivery due(String id, String recipient) {
        return new DeliverySql.NewDelivery(id, recipient, recipient.substring(recipient.indexOf('@') + 1), "pending");
    }

    private Row row(String id) {
        return pool.preparedQuery("select source, api_key_id, status, raw, message_id, tags from"
                + " egress.outbound_message where id = $1").execute(Tuple.of(id)).await().atMost(WAIT)
                .iterator().next();
    }

    @Test
    void spoolCompletesAnAcceptedRowAndLeavesASpooledOneAlone() {
        String api = "api-" + UUID.randomUUID();
        String kafka = "kafka-" + UUID.randomUUID();
        Instant now = Instant.now();
        // a row egress's former REST API accepted (before ADR 0032) whose request then arrives from Kafka
        pool.preparedQuery("insert into egress.outbound_message (id, status, source, api_key_id, sender, sender_domain,"
                + " subject, request, smtp_utf8, tags, created_at, updated_at) values ($1, 'accepted', 'api', 'k1',"
                + " 'app@mail.test', 'mail.test', 's', '{}', false, '', now(), now())").execute(Tuple.of(api))
                .await().atMost(WAIT);
        assertEquals("accepted", row(api).getString("status"));
        assertNull(row(api).getBuffer("raw"));

        Set<String> written = pool.withTransaction(c -> messages.spool(c, List.of(spooled(api, "queued", "one"),
                spooled(kafka, "suppressed", "two")), now)).await().atMost(WAIT);
        assertEquals(Set.of(api, kafka), written);
        Row first = row(api);
        assertEquals("api", first.getString("source"), "an accepted row keeps its source and key");
        assertEquals("k1", first.getString("api_key_id"));
        assertEquals("queued", first.getString("status"));
        assertEquals("one", first.getBuffer("raw").toString());
        assertEquals("kafka", row(kafka).getString("source"));
        assertEquals("suppressed", row(kafka).getString("status"));
        assertEquals("a,b", row(kafka).getString("tags"));

        // a redelivered request: nothing written, the stored bytes stay
        Set<String> again = pool.withTransaction(c -> messages.spool(c, List.of(spooled(api, "queued", "other")),
                now)).await().atMost(WAIT);
        assertTrue(again.isEmpty(), again.toString());
        assertEquals("one", row(api).getBuffer("raw").toString());
        assertEquals(Set.of(api, kafka), messages.spooledAmong(pool, List.of(api, kafka, "none-" + UUID.randomUUID()))
                .await().atMost(WAIT));
    }

    /** Large messages: a claim stops before its messages' bytes pass the budget, but always takes one. */
    @Test
    void aClaimStopsAtItsByteBudgetButAlwaysTakesItsFirstMessage() {
        String big1 = "big1-" + UUID.randomUUID();
        String big2 = "big2-" + UUID.randomUUID();
        String small = "small-" + UUID.randomUUID();
        String mib = "x".repeat(1 << 20);
        Instant past = Instant.now().minus(3650, ChronoUnit.DAYS);
        Instant now = Instant.now();
        Duration lease = Duration.ofMinutes(10);
        try {
            pool.withTransaction(c -> messages.spool(c, List.of(spooled(big1, "queued", mib),
                    spooled(big2, "queued", mib), spooled(small, "queued", "tiny")), now)
                    // big1 to two recipients, then big2, then small: due in that order, before anything else
                    .chain(() -> deliveries.insert(c, List.of(due(big1, "a@z.test"), due(big1, "b@z.test")), past))
                    .chain(() -> deliveries.insert(c, List.of(due(big2, "c@z.test")), past.plusSeconds(1)))
                    .chain(() -> deliveries.insert(c, List.of(due(small, "d@z.test")), past.plusSeconds(2)))
                    // a budget of half a MiB: big1 alone is over it, and is taken anyway (both its recipients)
                    .chain(() -> deliveries.claimDue(c, now, lease, 10, 1 << 19))
                    .chain(claim -> {
                        assertEquals(List.of("a@z.test", "b@z.test"), claim.rows().stream()
                                .map(ClaimedDelivery::recipient).toList());
                        assertEquals(1 << 20, claim.rows().get(0).raw().length);
                        assertNull(claim.rows().get(1).raw(), "the bytes come once");
                        assertTrue(claim.budgetLeftSome(), "due rows were left for the next claim");
                        // 1.5 MiB: big2 fits, and small with it
                        return deliveries.claimDue(c, now, lease, 10, 3 << 19);
                    })
                    .chain(claim -> {
                        List<String> messageIds = claim.rows().stream().map(ClaimedDelivery::messageId).toList();
                        assertEquals(List.of(big2, small), messageIds.subList(0, 2));
                        assertEquals(4, claim.rows().get(1).raw().length);
                        return Uni.createFrom().failure(new Rollback());
                    }))
                    .await().atMost(WAIT);
        } catch (Rollback expected) {
            // the rows were never committed
        }
    }

    @Test
    void claimReturnsDueRowsWithTheirMessageOnceAndResultsAreWrittenInBatches() {
        String id = "claim-" + UUID.randomUUID();
        // far in the past, so these rows come first; in a transaction rolled back at the end, so the running worker
        // never sees them
        Instant past = Instant.now().minus(3650, ChronoUnit.DAYS);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<String> recipients = List.of("c@z.test", "a@z.test", "b@y.test");
        try {
            pool.withTransaction(c -> messages.spool(c, List.of(spooled(id, "queued", "bytes")), now)
                    // one after the other, due one second apart: claims take the earliest first
                    .chain(() -> deliveries.insert(c, List.of(due(id, recipients.get(0))), past))
                    .chain(() -> deliveries.insert(c, List.of(due(id, recipients.get(1))), past.plusSeconds(1)))
                    .chain(() -> deliveries.insert(c, List.of(due(id, recipients.get(2))), past.plusSeconds(2)))
                    .chain(() -> deliveries.claimDue(c, now, Duration.ofMinutes(10), 2, 1 << 20))
                    .map(DeliverySql.Claim::rows)
                    .chain(claimed -> {
                        assertEquals(List.of("c@z.test", "a@z.test"), claimed.stream()
                                .map(ClaimedDelivery::recipient).toList(), "in request order");
                        ClaimedDelivery first = claimed.get(0);
                        assertEquals(id, first.messageId());
                        assertEquals("z.test", first.domain());
                        assertEquals("app@mail.test", first.sender());
                        assertArrayEquals("bytes".getBytes(StandardCharsets.UTF_8), first.raw());
                        assertNull(claimed.get(1).raw(), "a message's bytes come once per claim");
                        assertEquals(now, first.createdAt());
                        return deliveries.claimDue(c, now, Duration.ofMinutes(10), 1, 1 << 20);
                    })
                    .map(DeliverySql.Claim::rows)
                    .chain(claimed -> {
                        assertEquals(List.of("b@y.test"), claimed.stream().map(ClaimedDelivery::recipient).toList(),
                                "a claimed row is not claimed again within its lease");
                        return deliveries.lockForResults(c, List.of(id));
                    })
                    .chain(locked -> {
                        assertEquals("queued", locked.messages().get(id).status());
                        assertEquals("a,b", locked.messages().get(id).tags());
                        assertEquals(3, locked.rows().size());
                        Delivery d = locked.rows().get(0);
                        d.status = "bounced";
                        d.attempts = 1;
                        d.lastReply = "550 5.1.1 no";
                        d.lastHost = null; // nulls inside array parameters
                        d.updatedAt = now;
                        DeliveryAttempt attempt = new DeliveryAttempt();
                        attempt.messageId = id;
                        attempt.recipient = d.recipient;
                        attempt.attemptedAt = now;
                        attempt.outcome = "bounced";
                        attempt.reply = d.lastReply;
                        Suppression s = new Suppression();
                        s.address = "c-" + id + "@z.test";
                        s.reason = "hard-bounce";
                        s.messageId = id;
                        s.createdAt = now;
                        return deliveries.update(c, List.of(d))
                                .chain(() -> deliveries.insertAttempts(c, List.of(attempt)))
                                .chain(() -> deliveries.suppress(c, List.of(s, s)))
                                .chain(() -> deliveries.suppress(c, List.of(s)))
                                .chain(() -> deliveries.setMessageStatus(c, Map.of(id, "deferred"), now))
                                .chain(() -> deliveries.lockForResults(c, List.of(id)))
                                .chain(after -> {
                                    assertEquals("deferred", after.messages().get(id).status());
                                    Delivery row = after.rows().get(0);
                                    assertEquals("bounced", row.status);
                                    assertEquals(1, row.attempts);
                                    assertNull(row.lastHost);
                                    return deliveries.suppressedAmong(c, List.of(s.address, "x@z.test"));
                                })
                                .chain(suppressed -> {
                                    assertEquals(List.of(s.address), suppressed);
                                    return c.preparedQuery("select outcome, host from egress.delivery_attempt"
                                            + " where message_id = $1").execute(Tuple.of(id));
                                })
                                .invoke(rows -> {
                                    assertEquals(1, rows.size());
                                    assertNull(rows.iterator().next().getString("host"));
                                });
                    })
                    .chain(ignored -> Uni.createFrom().failure(new Rollback())))
                    .await().atMost(WAIT);
        } catch (Rollback expected) {
            // rolled back: nothing stays for the running worker
        }
        assertEquals(0L, pool.preparedQuery("select count(*) from egress.outbound_message where id = $1")
                .execute(Tuple.of(id)).await().atMost(WAIT).iterator().next().getLong(0));
    }
}
