package dev.mailroom.mailbox.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Storing and reading blobs for whoever keeps bytes (ingest of raw messages, attachments, outbound raw messages):
 * the SHA-256, the {@code blob} row and the bytes in the configured {@link BlobStore} bean.
 *
 * <p>Order, so that nothing is lost and nothing leaks: {@link #store} first writes the {@code blob} row (refcount 0,
 * {@code unreferenced_at} now, or refreshed when an unreferenced row exists: a new grace period for the sweep), then
 * the bytes; the caller then inserts the referencing rows in its own transaction, whose triggers count the
 * reference (migration V3). A failed transaction leaves an unreferenced blob the sweep removes after its grace.
 * Writing the row first is also what makes the sweep safe (ADR 0034): the insert or refresh waits for a sweep holding
 * the row and then starts a new grace period, or stores the bytes anew.
 *
 * <p>Bytes are read from, and added to, the store the blob's row names ({@code blob.store}), so blobs written before
 * a switch of {@code mailroom.mailbox.blobs.store} stay readable where they are; new blobs go to the current store.
 */
@ApplicationScoped
public class Blobs {

    /** A stored blob: its lower-case hex SHA-256 and size. */
    public record Stored(String sha256, long size) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final Pool pool;
    private final BlobStore store;
    private final BlobStores stores;

    public Blobs(Pool pool, BlobStore store, BlobStores stores) {
        this.pool = pool;
        this.store = store;
        this.stores = stores;
    }

    /** Keeps {@code bytes} (once per content) and answers their SHA-256; the caller references it in its transaction. */
    public Uni<Stored> store(byte[] bytes) {
        String sha256 = sha256(bytes);
        // a blob already known keeps its store (bytes written before a switch of mailroom.mailbox.blobs.store)
        return pool.preparedQuery("INSERT INTO blob (sha256, size, refcount, store, created_at, unreferenced_at) "
                + "VALUES ($1, $2, 0, $3, $4, $4) ON CONFLICT (sha256) DO UPDATE SET unreferenced_at = EXCLUDED.created_at "
                + "WHERE blob.refcount = 0 RETURNING store")
                .execute(Tuple.of(sha256, (long) bytes.length, store.name(), Instant.now().atOffset(java.time.ZoneOffset.UTC)))
                .chain(rows -> rows.iterator().hasNext() ? Uni.createFrom().item(rows.iterator().next().getString("store"))
                        : storeOf(sha256))
                .chain(name -> storeNamed(name).put(sha256, bytes))
                .replaceWith(new Stored(sha256, bytes.length));
    }

    /** The bytes of {@code sha256}, from the store its {@code blob} row names; null when the store has none. */
    public Uni<byte[]> read(String sha256) {
        return storeOf(sha256).chain(name -> storeNamed(name).get(sha256));
    }

    /** The name of the store holding {@code sha256} ({@code blob.store}); the current store's without a row. */
    private Uni<String> storeOf(String sha256) {
        return pool.preparedQuery("SELECT store FROM blob WHERE sha256 = $1").execute(Tuple.of(sha256))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("store") : store.name());
    }

    private BlobStore storeNamed(String name) {
        return name.equals(store.name()) ? store : stores.named(name);
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
