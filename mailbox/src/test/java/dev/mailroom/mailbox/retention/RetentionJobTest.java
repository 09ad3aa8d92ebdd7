package dev.mailroom.mailbox.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.mailbox.blob.BlobSweeper;
import dev.mailroom.mailbox.blob.Blobs;
import dev.mailroom.mailbox.repository.ThreadSql;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.PrometheusText;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Retention against real PostgreSQL, rows inserted directly. Mail is dated 1998–2001 and jobs run "as of" 2001, so
 * rows of other test classes sharing the database (dated now) are never old enough to go. Blob refcounts fall through
 * the schema's triggers (V3).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RetentionJobTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2001-06-01T00:00:00Z");

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @Inject
    ThreadSql threadSql;

    @Inject
    Blobs blobs;

    @Inject
    BlobSweeper sweeper;

    @Test
    void oldMailGoesByClassThenDomainThenDefaultAndThreadsAreKeptConsistent() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String domain = "ret-" + run + ".test";
        String other = "keep-" + run + ".test";
        String retainedClass = "Retained" + run;
        String plain = mailbox("plain@" + domain, domain, null);
        String agent = mailbox("agent@" + domain, domain, retainedClass);
        String elsewhere = mailbox("plain@" + other, other, null);

        // domain rule (100d: before 2001-02-21): one thread loses its old message, one goes entirely
        String kept = thread(plain, domain, "t1-" + run);
        String oldInKept = message(kept, plain, domain, "2001-01-01T00:00:00Z", true, "in-" + run + "-1");
        String newInKept = message(kept, plain, domain, "2001-05-01T00:00:00Z", true, "in-" + run + "-2");
        message(kept, plain, domain, "2001-05-02T00:00:00Z", false, null);
        String emptied = thread(plain, domain, "t2-" + run);
        String onlyOld = message(emptied, plain, domain, "2001-01-15T00:00:00Z", true, "in-" + run + "-3");
        byte[] pdf = ("%PDF-1.4 retention " + run).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String pdfSha = blobs.store(pdf).await().atMost(WAIT).sha256();
        attachment(onlyOld, pdfSha);
        raw("in-" + run + "-1");
        raw("in-" + run + "-2");
        raw("in-" + run + "-3");
        // class rule (10d: before 2001-05-22) wins over the domain's 100 days
        String agentThread = thread(agent, domain, "t3-" + run);
        String agentOld = message(agentThread, agent, domain, "2001-05-01T00:00:00Z", true, null);
        String agentNew = message(agentThread, agent, domain, "2001-05-30T00:00:00Z", true, null);
        // default rule (1000d: before 1998-09-05) for a domain without a rule
        String elsewhereThread = thread(elsewhere, other, "t4-" + run);
        String ancient = message(elsewhereThread, elsewhere, other, "1998-01-01T00:00:00Z", true, null);
        String notAncient = message(elsewhereThread, elsewhere, other, "2001-01-01T00:00:00Z", true, null);

        RetentionPolicy policy = new RetentionPolicy(Map.of(retainedClass, Duration.ofDays(10)),
                Map.of(domain, Duration.ofDays(100)), Optional.of(Duration.ofDays(1000)));
        String before = scrape();

        int deleted = new RetentionJob(pool, threadSql, policy, 500, 10, registry).run(NOW).await().atMost(WAIT);

        assertTrue(deleted >= 4, "deleted " + deleted);
        assertFalse(exists("message", oldInKept));
        assertFalse(exists("message", onlyOld));
        assertFalse(exists("message", agentOld));
        assertFalse(exists("message", ancient));
        assertTrue(exists("message", newInKept));
        assertTrue(exists("message", agentNew));
        assertTrue(exists("message", notAncient));
        assertFalse(exists("thread", emptied), "a thread left empty goes");
        assertEquals(0, count("SELECT count(*) FROM attachment WHERE message_id = $1", onlyOld));
        // the attachment's blob lost its reference (V3's trigger) and goes with the sweep once its grace is over
        assertEquals(0, count("SELECT refcount FROM blob WHERE sha256 = $1", pdfSha));
        pool.preparedQuery("UPDATE blob SET unreferenced_at = '2001-01-01T00:00:00Z' WHERE sha256 = $1")
                .execute(Tuple.of(pdfSha)).await().atMost(WAIT);
        sweeper.sweep(NOW, 1000).await().atMost(WAIT);
        assertEquals(0, count("SELECT count(*) FROM blob WHERE sha256 = $1", pdfSha));
        assertEquals(null, blobs.read(pdfSha).await().atMost(WAIT));
        // counters recomputed from what is left: two messages, one of them unread, the newest at 2001-05-02
        Row thread = pool.preparedQuery("SELECT message_count, unread_count, last_message_at FROM thread WHERE id = $1")
                .execute(Tuple.of(kept)).await().atMost(WAIT).iterator().next();
        assertEquals(2, thread.getInteger("message_count"));
        assertEquals(1, thread.getInteger("unread_count"));
        assertEquals(OffsetDateTime.parse("2001-05-02T00:00:00Z").toInstant(),
                thread.getOffsetDateTime("last_message_at").toInstant());
        // raw messages go once no message refers to them
        assertEquals(0, count("SELECT count(*) FROM raw_message WHERE inbound_id = $1", "in-" + run + "-1"));
        assertEquals(0, count("SELECT count(*) FROM raw_message WHERE inbound_id = $1", "in-" + run + "-3"));
        assertEquals(1, count("SELECT count(*) FROM raw_message WHERE inbound_id = $1", "in-" + run + "-2"));
        String after = scrape();
        assertTrue(PrometheusText.sum(after, "mailroom_mailbox_retention_deleted_total", "scope=\"class\"")
                - PrometheusText.sum(before, "mailroom_mailbox_retention_deleted_total", "scope=\"class\"") >= 1);
        assertTrue(PrometheusText.sum(after, "mailroom_mailbox_retention_deleted_total", "")
                - PrometheusText.sum(before, "mailroom_mailbox_retention_deleted_total", "") >= 4);
    }

    @Test
    void withoutARuleMailIsKeptForever() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String domain = "forever-" + run + ".test";
        String box = mailbox("a@" + domain, domain, "Support");
        String ancient = message(thread(box, domain, "t-" + run), box, domain, "1990-01-01T00:00:00Z", true, null);
        // a rule for another domain and another class: neither covers this mailbox, and there is no default
        RetentionPolicy policy = new RetentionPolicy(Map.of("Other" + run, Duration.ofDays(1)),
                Map.of("other-" + run + ".test", Duration.ofDays(1)), Optional.empty());

        new RetentionJob(pool, threadSql, policy, 500, 10, registry).run(NOW).await().atMost(WAIT);

        assertTrue(exists("message", ancient));
    }

    @Test
    void batchesAreBoundedAndARunStopsAfterItsMaximum() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String domain = "batch-" + run + ".test";
        String box = mailbox("b@" + domain, domain, null);
        String thread = thread(box, domain, "t-" + run);
        for (int i = 0; i < 5; i++) {
            message(thread, box, domain, "2000-01-0" + (i + 1) + "T00:00:00Z", true, null);
        }
        RetentionPolicy policy = new RetentionPolicy(Map.of(), Map.of(domain, Duration.ofDays(30)), Optional.empty());

        assertEquals(4, new RetentionJob(pool, threadSql, policy, 2, 2, registry).run(NOW).await().atMost(WAIT));
        assertEquals(1, count("SELECT count(*) FROM message WHERE thread_id = $1", thread));
        assertEquals("2000-01-05", pool.preparedQuery("SELECT at FROM message WHERE thread_id = $1")
                .execute(Tuple.of(thread)).await().atMost(WAIT).iterator().next().getOffsetDateTime("at")
                .toLocalDate().toString(), "the oldest go first");
        assertEquals(1, new RetentionJob(pool, threadSql, policy, 2, 2, registry).run(NOW).await().atMost(WAIT));
        assertFalse(exists("thread", thread));
    }

    private String mailbox(String address, String domain, String agentClass) {
        String id = "mbx-" + UUID.randomUUID();
        pool.preparedQuery("INSERT INTO mailbox (id, address, domain, agent_class, created_at) VALUES ($1, $2, $3, $4,"
                + " now())").execute(Tuple.of(id, address, domain, agentClass)).await().atMost(WAIT);
        return id;
    }

    private String thread(String mailbox, String domain, String root) {
        String id = "thr-" + UUID.randomUUID();
        pool.preparedQuery("INSERT INTO thread (id, mailbox_id, domain, root, subject, last_message_at, message_count,"
                + " unread_count) VALUES ($1, $2, $3, $4, 'subject', '2001-05-30T00:00:00Z', 0, 0)")
                .execute(Tuple.of(id, mailbox, domain, root)).await().atMost(WAIT);
        return id;
    }

    private String message(String thread, String mailbox, String domain, String at, boolean unread, String inboundId) {
        String id = "msg-" + UUID.randomUUID();
        pool.preparedQuery("INSERT INTO message (id, mailbox_id, thread_id, domain, direction, inbound_id, at, unread)"
                + " VALUES ($1, $2, $3, $4, 'inbound', $5, $6, $7)")
                .execute(Tuple.tuple(java.util.Arrays.asList(id, mailbox, thread, domain, inboundId,
                        OffsetDateTime.parse(at), unread)))
                .await().atMost(WAIT);
        pool.preparedQuery("UPDATE thread SET message_count = message_count + 1,"
                + " unread_count = unread_count + CASE WHEN $2 THEN 1 ELSE 0 END WHERE id = $1")
                .execute(Tuple.of(thread, unread)).await().atMost(WAIT);
        return id;
    }

    private void attachment(String message, String sha256) {
        pool.preparedQuery("INSERT INTO attachment (id, message_id, ordinal, content_type, size, sha256) VALUES ($1, $2,"
                + " 0, 'application/pdf', 10, $3)").execute(Tuple.of("att-" + UUID.randomUUID(), message, sha256))
                .await().atMost(WAIT);
        assertEquals(1, count("SELECT refcount FROM blob WHERE sha256 = $1", sha256));
    }

    private void raw(String inboundId) {
        pool.preparedQuery("INSERT INTO raw_message (inbound_id, sha256, size, received_at) VALUES ($1, $2, 10,"
                + " '2001-01-01T00:00:00Z')").execute(Tuple.of(inboundId, "0".repeat(64))).await().atMost(WAIT);
    }

    private boolean exists(String table, String id) {
        return count("SELECT count(*) FROM " + table + " WHERE id = $1", id) == 1;
    }

    private long count(String sql, String arg) {
        return pool.preparedQuery(sql).execute(Tuple.of(arg)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static String scrape() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
