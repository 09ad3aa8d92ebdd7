package dev.mailroom.mailbox.blob;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The embedded default {@link BlobStore}: bytes in the table {@code blob_content} of the service's own database
 * (nothing else to run; backed up with the rows that reference them). A {@code put} commits on its own, before the
 * transaction that references the blob: bytes nobody references are what the sweep removes.
 */
@ApplicationScoped
@DefaultBean
public class PostgresBlobStore implements BlobStore {

    public static final String NAME = "postgresql";

    private final Pool pool;

    public PostgresBlobStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Void> put(String sha256, byte[] bytes) {
        return pool.preparedQuery("INSERT INTO blob_content (sha256, bytes) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(sha256, Buffer.buffer(bytes))).replaceWithVoid();
    }

    @Override
    public Uni<byte[]> get(String sha256) {
        return pool.preparedQuery("SELECT bytes FROM blob_content WHERE sha256 = $1").execute(Tuple.of(sha256))
                .map(PostgresBlobStore::bytes);
    }

    @Override
    public Uni<Void> delete(String sha256) {
        return pool.preparedQuery("DELETE FROM blob_content WHERE sha256 = $1").execute(Tuple.of(sha256))
                .replaceWithVoid();
    }

    @Override
    public String name() {
        return NAME;
    }

    private static byte[] bytes(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? it.next().getBuffer("bytes").getBytes() : null;
    }
}
