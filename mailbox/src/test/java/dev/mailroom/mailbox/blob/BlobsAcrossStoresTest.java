package dev.mailroom.mailbox.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** After a switch to S3, blobs written to PostgreSQL before it stay there, readable; new blobs go to S3. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(S3ProxyTestResource.class)
class BlobsAcrossStoresTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Blobs blobs;

    @Inject
    BlobStores stores;

    @Inject
    Pool pool;

    @Test
    void aBlobWrittenBeforeTheSwitchIsReadAndKeptWhereItIs() {
        byte[] bytes = S3BlobStoreTest.random(500);
        String sha = S3BlobStoreTest.sha256(bytes);
        stores.named("postgresql").put(sha, bytes).await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO blob (sha256, size, refcount, store, created_at) VALUES ($1, 500, 1,"
                + " 'postgresql', $2)").execute(Tuple.of(sha, OffsetDateTime.now())).await().atMost(WAIT);

        assertArrayEquals(bytes, blobs.read(sha).await().atMost(WAIT));
        blobs.store(bytes).await().atMost(WAIT); // the same content arriving again
        assertNull(stores.named("s3").get(sha).await().atMost(WAIT), "not copied to the new store");
        assertEquals("postgresql", storeOf(sha));
    }

    @Test
    void aNewBlobGoesToTheCurrentStore() {
        byte[] bytes = S3BlobStoreTest.random(700);

        String sha = blobs.store(bytes).await().atMost(WAIT).sha256();

        assertEquals("s3", storeOf(sha));
        assertArrayEquals(bytes, stores.named("s3").get(sha).await().atMost(WAIT));
        assertArrayEquals(bytes, blobs.read(sha).await().atMost(WAIT));
        assertNull(stores.named("postgresql").get(sha).await().atMost(WAIT));
    }

    private String storeOf(String sha) {
        return pool.preparedQuery("SELECT store FROM blob WHERE sha256 = $1").execute(Tuple.of(sha)).await()
                .atMost(WAIT).iterator().next().getString("store");
    }
}
