package dev.mailroom.agenthost.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The hot path's two statements (ADR 0019) against PostgreSQL: what they read, write and serialise. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class HotPathSqlTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    AgentSql sql;

    @Inject
    DraftSql drafts;

    private static AgentRef ref() {
        return new AgentRef("SqlTest", "i-" + UUID.randomUUID());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static AgentSql.MessageRow row(String id, String thread, String direction, String messageId, Instant at) {
        return new AgentSql.MessageRow(id, thread, direction, messageId, null, "[]", "[]", "s " + id, "t", null, null,
                "[]", at);
    }

    private RowSet<Row> query(String statement, Object... args) {
        return pool.preparedQuery(statement).execute(Tuple.from(args)).await().atMost(WAIT);
    }

    private AgentSql.Opened open(AgentRef ref, AgentSql.Lookup lookup) {
        return pool.withTransaction(c -> sql.open(c, ref, "a@agents.test", lookup, now())).await().atMost(WAIT);
    }

    @Test
    void openCreatesTheInstanceOnceAndWriteStoresEveryKindOfRowInOneStatement() {
        AgentRef ref = ref();
        String routed = "r-" + UUID.randomUUID();
        AgentSql.Opened first = open(ref, new AgentSql.Lookup(routed, List.of(), List.of()));
        assertEquals("{}", first.state());
        assertEquals("a@agents.test", first.address());
        assertFalse(first.processed());
        assertNull(first.parentThread());
        assertEquals(Set.of(), first.known());
        assertEquals(1, query("select count(*) from agent_instance where id = $1", ref.key()).iterator().next()
                .getLong(0));

        Instant now = now();
        String thread = "th-" + UUID.randomUUID();
        String in = "in-" + UUID.randomUUID();
        String out = "out-" + UUID.randomUUID();
        OutboxMessage o = new OutboxMessage();
        o.id = out;
        o.topic = "test.topic";
        o.payload = "{}";
        o.causationId = routed;
        Draft d = new Draft();
        d.id = "d-" + UUID.randomUUID();
        d.className = ref.className();
        d.threadId = thread;
        // a real request: the REST API's draft listings (other tests) decode every draft
        d.request = new String(Json.encode(new OutboundRequest(OutboundRequest.VERSION, d.id,
                EmailAddress.of("a@agents.test"), List.of(EmailAddress.of("ann@x.test")), List.of(), null, null, "s",
                "t", null, null, List.of(), Map.of(), ref, routed, now)), StandardCharsets.UTF_8);
        d.reason = "agent-draft";
        AgentSchedule s = new AgentSchedule();
        s.id = "s-" + UUID.randomUUID();
        s.className = ref.className();
        s.instance = ref.instance();
        s.payload = "{\"x\":1}";
        s.dueAt = now.plus(Duration.ofDays(1));
        AgentSql.Batch batch = new AgentSql.Batch(ref.key(), now).thread(thread, "subject")
                .thread(thread, "ignored: the first subject wins")
                .message(row(in, thread, "IN", "<m1@x>", now))
                .message(row(out, thread, "OUT", "<o1@x>", now.plusSeconds(1)))
                .correspondents(List.of("ann@x.test", "bob@x.test")).correspondents(List.of("ann@x.test"))
                .outbox(o).draft(d).schedule(s)
                .instance("{\"count\":1}", "b@agents.test").processed(routed);
        assertEquals(thread, batch.threadOf(out));
        pool.withTransaction(c -> sql.write(c, batch)).await().atMost(WAIT);

        Row instance = query("select state, address, version from agent_instance where id = $1", ref.key())
                .iterator().next();
        assertEquals("{\"count\":1}", instance.getString(0));
        assertEquals("b@agents.test", instance.getString(1));
        assertEquals(1L, instance.getLong(2));
        assertEquals("subject", query("select subject from agent_thread where id = $1", thread).iterator().next()
                .getString(0));
        RowSet<Row> history = query("select id from agent_message where agent_key = $1 order by seq", ref.key());
        assertEquals(List.of(in, out), history.stream().map(r -> r.getString(0)).toList(), "history order kept");
        assertEquals(2, query("select count(*) from correspondent where agent_key = $1", ref.key()).iterator().next()
                .getLong(0));
        assertEquals(routed, query("select causation_id from outbox_message where id = $1 and published_at is null",
                out).iterator().next().getString(0));
        assertEquals("PENDING", query("select status from draft where id = $1 and agent_key = $2", d.id, ref.key())
                .iterator().next().getString(0));
        assertEquals("PENDING", query("select status from agent_schedule where id = $1 and agent_key = $2", s.id,
                ref.key()).iterator().next().getString(0));

        // what the next call of this instance reads when it opens
        AgentSql.Opened again = open(ref, new AgentSql.Lookup(routed, List.of("<none@x>", "<m1@x>"),
                List.of("ann@x.test", "eve@x.test")));
        assertTrue(again.processed());
        assertEquals("{\"count\":1}", again.state());
        assertEquals(thread, again.parentThread());
        assertEquals(thread, open(ref, new AgentSql.Lookup(routed, List.of("<o1@x>"), List.of())).parentThread(),
                "an outbound message is found by the Message-ID recorded with it");
        assertNull(open(ref, new AgentSql.Lookup(routed, List.of("<o2@x>"), List.of())).parentThread(),
                "by exact Message-ID only");
        assertEquals(Set.of("ann@x.test"), again.known());
        assertEquals(Set.of("bob@x.test"), pool.withTransaction(c -> sql.known(c, ref.key(),
                Set.of("bob@x.test", "zed@x.test"))).await().atMost(WAIT));
        assertEquals(thread, pool.withTransaction(c -> sql.threadOf(c, out)).await().atMost(WAIT));
        List<AgentSql.MessageRow> newest = pool.withTransaction(c -> sql.newest(c, ref.key(), 1)).await().atMost(WAIT);
        assertEquals(List.of(out), newest.stream().map(AgentSql.MessageRow::id).toList());
        assertEquals(now.plusSeconds(1), newest.get(0).at());

        // the processed mark is the last guard: a second commit of the same message fails as a whole
        AgentSql.Batch duplicate = new AgentSql.Batch(ref.key(), now()).thread(thread, "x")
                .message(row("in2-" + UUID.randomUUID(), thread, "IN", null, now())).instance("{}", null)
                .processed(routed);
        assertThrows(Exception.class, () -> pool.withTransaction(c -> sql.write(c, duplicate)).await().atMost(WAIT));
        assertEquals(2, query("select count(*) from agent_message where agent_key = $1", ref.key()).iterator().next()
                .getLong(0), "nothing of the failed batch stays");

        // a fired schedule, a decided draft; nothing else changes (no state given: the instance is left alone)
        pool.withTransaction(c -> sql.write(c, new AgentSql.Batch(ref.key(), now()).fired(s.id))
                .chain(() -> drafts.lock(c, d.id)).chain(locked -> {
                    locked.status = Draft.Status.REJECTED;
                    locked.decidedAt = now();
                    locked.decidedBy = "k";
                    return drafts.decide(c, locked);
                })).await().atMost(WAIT);
        Row fired = query("select status, attempts, fired_at from agent_schedule where id = $1", s.id).iterator()
                .next();
        assertEquals("FIRED", fired.getString(0));
        assertEquals(1, fired.getInteger(1));
        assertEquals("REJECTED", query("select status from draft where id = $1", d.id).iterator().next()
                .getString(0));
        assertEquals(1L, query("select version from agent_instance where id = $1", ref.key()).iterator().next()
                .getLong(0));
        query("update outbox_message set published_at = now() where id = $1", out); // not for the relay
    }

    @Test
    void openWaitingForTheLockReadsWhatTheHolderCommitted() throws Exception {
        AgentRef ref = ref();
        String routed = "r-" + UUID.randomUUID();
        open(ref, AgentSql.Lookup.NONE);
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> holding = new CompletableFuture<>();
        String thread = "th-" + UUID.randomUUID();
        // the holder: opens (locks), writes the message as processed, commits only when released
        CompletableFuture<Void> holder = pool.withTransaction(c -> sql.open(c, ref, null, AgentSql.Lookup.NONE, now())
                .chain(() -> sql.write(c, new AgentSql.Batch(ref.key(), now()).thread(thread, "s")
                        .message(row(routed, thread, "IN", "<held@x>", now()))
                        .correspondents(List.of("ann@x.test")).instance("{\"n\":1}", null).processed(routed)))
                .invoke(() -> holding.complete(null))
                .chain(() -> Uni.createFrom().completionStage(release)))
                .subscribeAsCompletionStage().toCompletableFuture();
        holding.get(10, TimeUnit.SECONDS);

        // the same message in another transaction (a rebalance): its statement starts before the holder commits
        CompletableFuture<AgentSql.Opened> waiter = pool.withTransaction(c -> sql.open(c, ref, null,
                new AgentSql.Lookup(routed, List.of("<held@x>"), List.of("ann@x.test")), now()))
                .subscribeAsCompletionStage().toCompletableFuture();
        Thread.sleep(500);
        assertFalse(waiter.isDone(), "the second open waits for the lock");
        release.complete(null);
        holder.get(10, TimeUnit.SECONDS);
        AgentSql.Opened seen = waiter.get(10, TimeUnit.SECONDS);
        assertTrue(seen.processed(), "a message committed while waiting is seen as processed");
        assertEquals("{\"n\":1}", seen.state());
        assertEquals(thread, seen.parentThread());
        assertEquals(Set.of("ann@x.test"), seen.known());
    }
}
