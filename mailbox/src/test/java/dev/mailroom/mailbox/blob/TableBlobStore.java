package dev.mailroom.mailbox.blob;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The tests' {@link BlobStore} while the mailbox has none of its own on this branch: the bytes in V2's
 * {@code blob_content}, as the embedded store keeps them. A default bean: the service's own PostgreSQL store
 * replaces it wherever it exists.
 */
@DefaultBean
@ApplicationScoped
public class TableBlobStore implements BlobStore {

    private final Pool pool;

    TableBlobStore(Pool pool) {
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
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
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
