package dev.mailroom.mailbox.blob;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Blob bytes in PostgreSQL, table {@code blob_content} (the embedded default, ADR 0034).
 *
 * <p>Placeholder of branch mbx-blobs so that {@link BlobStores} compiles and its tests run: mbx-core owns this class
 * (same name, a bean with a {@link Pool} constructor); on merge, mbx-core's version is kept.
 */
@ApplicationScoped
public class PostgresBlobStore implements BlobStore {

    /** {@code blob.store} of blobs kept here. */
    public static final String NAME = "postgresql";

    private final Pool pool;

    public PostgresBlobStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Void> put(String sha256, byte[] bytes) {
        return pool.preparedQuery("INSERT INTO blob_content (sha256, bytes) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(sha256, io.vertx.core.buffer.Buffer.buffer(bytes))).replaceWithVoid();
    }

    @Override
    public Uni<byte[]> get(String sha256) {
        return pool.preparedQuery("SELECT bytes FROM blob_content WHERE sha256 = $1").execute(Tuple.of(sha256))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? it.next().getBuffer("bytes").getBytes() : null;
                });
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
}
