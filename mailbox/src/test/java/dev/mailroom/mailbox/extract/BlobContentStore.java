package dev.mailroom.mailbox.extract;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.mailroom.mailbox.blob.BlobStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The worker tests' blob store: bytes in {@code blob_content}, which the tests fill directly (what the PostgreSQL
 * store reads). An alternative enabled only by {@link ExtractWorkerProfile}, so that it never competes with the
 * service's own store in other tests, and the worker tests do not depend on how the store is chosen.
 */
@Alternative
@ApplicationScoped
class BlobContentStore implements BlobStore {

    private final Pool pool;

    BlobContentStore(Pool pool) {
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
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer("bytes").getBytes());
    }

    @Override
    public Uni<Void> delete(String sha256) {
        return pool.preparedQuery("DELETE FROM blob_content WHERE sha256 = $1").execute(Tuple.of(sha256))
                .replaceWithVoid();
    }

    @Override
    public String name() {
        return "postgresql";
    }
}
