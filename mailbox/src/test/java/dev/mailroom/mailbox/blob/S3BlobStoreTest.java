package dev.mailroom.mailbox.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;

/** The S3 store against a real S3 server (s3proxy, filesystem backend), chosen by the store switch. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(S3ProxyTestResource.class)
class S3BlobStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BlobStore store;

    @Inject
    Vertx vertx;

    @Test
    void theSwitchSelectsTheS3Store() {
        assertEquals("s3", store.name());
    }

    @Test
    void storesReadsAndDeletesABlob() {
        byte[] bytes = "Subject: hello\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
        String sha = sha256(bytes);

        store.put(sha, bytes).await().atMost(WAIT);
        assertArrayEquals(bytes, store.get(sha).await().atMost(WAIT));

        store.delete(sha).await().atMost(WAIT);
        assertNull(store.get(sha).await().atMost(WAIT));
        store.delete(sha).await().atMost(WAIT); // absent: harmless
    }

    @Test
    void theObjectKeyIsThePrefixAndTheSha256Fanout() {
        byte[] bytes = random(10);
        String sha = sha256(bytes);
        S3BlobStore own = new S3BlobStore(vertx, S3ProxyTestResource.settings(S3ProxyTestResource.ACCESS_KEY,
                S3ProxyTestResource.SECRET_KEY));
        assertEquals("test/sha256/" + sha.substring(0, 2) + "/" + sha, own.key(sha));

        own.put(sha, bytes).await().atMost(WAIT);

        assertTrue(java.nio.file.Files.isRegularFile(S3ProxyTestResource.objectFile(own.key(sha))));
        // the application's store reads what another instance stored: same bucket, same key
        assertArrayEquals(bytes, store.get(sha).await().atMost(WAIT));
    }

    @Test
    void storingTheSameBytesTwiceKeepsOneObjectAndSendsNoBytesTheSecondTime() {
        byte[] bytes = random(2048);
        String sha = sha256(bytes);
        long before = S3ProxyTestResource.objectCount();

        store.put(sha, bytes).await().atMost(WAIT);
        store.put(sha, bytes).await().atMost(WAIT);
        assertEquals(before + 1, S3ProxyTestResource.objectCount());

        // proof that the second put only asked (HEAD): bytes that do not match the address would be refused by the
        // store if they were sent, and the object keeps the original bytes
        store.put(sha, random(16)).await().atMost(WAIT);
        assertArrayEquals(bytes, store.get(sha).await().atMost(WAIT));
    }

    @Test
    void aFiveMebibyteBlobRoundTrips() {
        byte[] bytes = random(5 * 1024 * 1024);
        String sha = sha256(bytes);

        store.put(sha, bytes).await().atMost(WAIT);

        byte[] read = store.get(sha).await().atMost(WAIT);
        assertEquals(bytes.length, read.length);
        assertEquals(sha, sha256(read));
    }

    @Test
    void theStoreRefusesBytesThatDoNotMatchTheirAddress() {
        byte[] bytes = random(100);
        String wrongSha = sha256(random(100));

        BlobStoreException e = assertThrows(BlobStoreException.class,
                () -> store.put(wrongSha, bytes).await().atMost(WAIT));

        assertTrue(e.getMessage().contains("PUT") && e.getMessage().contains("SHA256Mismatch"), e.getMessage());
        assertFalse(e.isTransient());
        assertNull(store.get(wrongSha).await().atMost(WAIT));
    }

    @Test
    void anAbsentKeyReadsAsNull() {
        assertNull(store.get(sha256(random(32))).await().atMost(WAIT));
    }

    @Test
    void wrongCredentialsFailWithAClearErrorAndNoSecret() {
        S3BlobStore wrong = new S3BlobStore(vertx,
                S3ProxyTestResource.settings(S3ProxyTestResource.ACCESS_KEY, "not-the-secret"));
        byte[] bytes = random(64);

        BlobStoreException e = assertThrows(BlobStoreException.class,
                () -> wrong.put(sha256(bytes), bytes).await().atMost(WAIT));

        assertTrue(e.getMessage().contains("403"), e.getMessage());
        assertTrue(e.getMessage().contains("access-key/secret-key"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"), e.getMessage());
        assertFalse(e.isTransient());

        S3BlobStore unknown = new S3BlobStore(vertx, S3ProxyTestResource.settings("nobody", "whatever"));
        BlobStoreException unknownKey = assertThrows(BlobStoreException.class,
                () -> unknown.get(sha256(bytes)).await().atMost(WAIT));
        assertTrue(unknownKey.getMessage().contains("InvalidAccessKeyId")
                || unknownKey.getMessage().contains("403"), unknownKey.getMessage());
    }

    @Test
    void anAddressThatIsNotASha256IsRefusedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () -> store.get("../../etc/passwd"));
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(SigV4.sha256(bytes));
    }
}
