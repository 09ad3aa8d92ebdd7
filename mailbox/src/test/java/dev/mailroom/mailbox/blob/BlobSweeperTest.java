package dev.mailroom.mailbox.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.PrometheusText;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The sweep against real PostgreSQL and a real S3 server, with {@code blob} rows inserted directly (the refcount
 * triggers belong to the writers). Rows are dated 2001 and every sweep here uses a 2001 cutoff, so rows of other test
 * classes sharing the database are never touched.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(S3ProxyTestResource.class)
class BlobSweeperTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant CUTOFF = Instant.parse("2001-06-01T00:00:00Z");
    private static final OffsetDateTime LONG_AGO = OffsetDateTime.of(2001, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime RECENTLY = OffsetDateTime.of(2001, 5, 31, 23, 0, 0, 0, ZoneOffset.UTC);

    @Inject
    BlobSweeper sweeper;

    @Inject
    BlobStores stores;

    @Inject
    Pool pool;

    @Test
    void anUnreferencedBlobPastTheGracePeriodLosesItsBytesAndItsRowInEitherStore() {
        String scrapeBefore = scrape();
        String inS3 = stored("s3", 0, LONG_AGO);
        String inPostgres = stored("postgresql", 0, LONG_AGO);

        assertTrue(sweeper.sweep(CUTOFF, 100).await().atMost(WAIT) >= 2);

        assertFalse(rowExists(inS3));
        assertNull(stores.named("s3").get(inS3).await().atMost(WAIT));
        assertFalse(rowExists(inPostgres));
        assertNull(stores.named("postgresql").get(inPostgres).await().atMost(WAIT));
        String scrapeAfter = scrape();
        assertTrue(swept(scrapeAfter, "s3") - swept(scrapeBefore, "s3") >= 1);
        assertTrue(swept(scrapeAfter, "postgresql") - swept(scrapeBefore, "postgresql") >= 1);
    }

    @Test
    void aReferencedBlobAndOneStillInItsGracePeriodStay() {
        String referenced = stored("s3", 2, null);
        String young = stored("s3", 0, RECENTLY.plusHours(2)); // unreferenced after the cutoff

        sweeper.sweep(CUTOFF, 100).await().atMost(WAIT);

        assertTrue(rowExists(referenced));
        assertTrue(rowExists(young));
        assertTrue(stores.named("s3").get(referenced).await().atMost(WAIT) != null);
        assertTrue(stores.named("s3").get(young).await().atMost(WAIT) != null);
    }

    @Test
    void aBlobReferencedAgainWhileTheSweepRunsKeepsItsBytes() throws Exception {
        String sha = stored("s3", 0, LONG_AGO);
        byte[] bytes = stores.named("s3").get(sha).await().atMost(WAIT);
        SqlConnection writer = pool.getConnection().await().atMost(WAIT);
        try {
            // a writer's transaction references the blob (what the refcount trigger does) and has not committed yet
            writer.query("BEGIN").execute().await().atMost(WAIT);
            writer.preparedQuery("UPDATE blob SET refcount = refcount + 1, unreferenced_at = NULL WHERE sha256 = $1")
                    .execute(Tuple.of(sha)).await().atMost(WAIT);

            CompletableFuture<Integer> sweep = sweeper.sweep(CUTOFF, 100).subscribeAsCompletionStage();
            Thread.sleep(1000);
            assertFalse(sweep.isDone(), "the sweep waits for the writer's row lock");

            writer.query("COMMIT").execute().await().atMost(WAIT);
            sweep.get(30, TimeUnit.SECONDS);
        } finally {
            writer.close().await().atMost(WAIT);
        }

        assertTrue(rowExists(sha));
        assertArrayEquals(bytes, stores.named("s3").get(sha).await().atMost(WAIT));
    }

    @Test
    void aBlobWhoseStoreFailsKeepsItsRowForTheNextRun() {
        String sha = S3BlobStoreTest.sha256(S3BlobStoreTest.random(40));
        pool.preparedQuery("INSERT INTO blob (sha256, size, refcount, store, created_at, unreferenced_at)"
                + " VALUES ($1, 40, 0, 'gone-store', $2, $2)").execute(Tuple.of(sha, LONG_AGO)).await().atMost(WAIT);
        double failuresBefore = PrometheusText.sum(scrape(), "mailroom_mailbox_blobs_sweep_failures_total", "");

        sweeper.sweep(CUTOFF, 100).await().atMost(WAIT);

        assertTrue(rowExists(sha), "the row comes back when the bytes could not be deleted");
        assertTrue(PrometheusText.sum(scrape(), "mailroom_mailbox_blobs_sweep_failures_total", "") > failuresBefore);
        pool.preparedQuery("DELETE FROM blob WHERE sha256 = $1").execute(Tuple.of(sha)).await().atMost(WAIT);
    }

    @Test
    void aRunRemovesAtMostItsBatch() {
        for (int i = 0; i < 3; i++) {
            stored("postgresql", 0, LONG_AGO);
        }
        assertEquals(1, sweeper.sweep(CUTOFF, 1).await().atMost(WAIT));
        sweeper.sweep(CUTOFF, 100).await().atMost(WAIT);
        assertEquals(0, sweeper.sweep(CUTOFF, 100).await().atMost(WAIT));
    }

    /** Random bytes put into {@code store} with a blob row of {@code refcount}, unreferenced since {@code since}. */
    private String stored(String store, int refcount, OffsetDateTime since) {
        byte[] bytes = S3BlobStoreTest.random(100);
        String sha = S3BlobStoreTest.sha256(bytes);
        stores.named(store).put(sha, bytes).await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO blob (sha256, size, refcount, store, created_at, unreferenced_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(sha, (long) bytes.length, refcount, store, LONG_AGO).addOffsetDateTime(since))
                .await().atMost(WAIT);
        return sha;
    }

    private boolean rowExists(String sha) {
        return pool.preparedQuery("SELECT 1 FROM blob WHERE sha256 = $1").execute(Tuple.of(sha)).await().atMost(WAIT)
                .rowCount() == 1;
    }

    private static String scrape() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double swept(String scrape, String store) {
        return PrometheusText.sum(scrape, "mailroom_mailbox_blobs_swept_total", "store=\"" + store + "\"");
    }
}
