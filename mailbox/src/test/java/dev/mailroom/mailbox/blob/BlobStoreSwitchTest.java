package dev.mailroom.mailbox.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Without configuration the switch picks PostgreSQL; an S3 store is only there when configured. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class BlobStoreSwitchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BlobStore store;

    @Inject
    BlobStores stores;

    @Test
    void theDefaultStoreIsPostgresql() {
        assertEquals("postgresql", store.name());
        byte[] bytes = S3BlobStoreTest.random(300);
        String sha = S3BlobStoreTest.sha256(bytes);

        store.put(sha, bytes).await().atMost(WAIT);
        store.put(sha, bytes).await().atMost(WAIT);
        assertArrayEquals(bytes, store.get(sha).await().atMost(WAIT));
        store.delete(sha).await().atMost(WAIT);
        assertNull(store.get(sha).await().atMost(WAIT));
    }

    @Test
    void anUnconfiguredS3StoreIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stores.named("s3"));
        assertTrue(e.getMessage().contains("mailroom.mailbox.blobs.s3."), e.getMessage());
        assertThrows(IllegalStateException.class, () -> stores.named("floppy"));
    }
}
