package dev.mailroom.mailbox.blob;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * The store switch ({@code mailroom.mailbox.blobs.store=postgresql|s3}, ADR 0034): produces the {@link BlobStore}
 * every writer and reader injects, and finds the store of an existing blob by its {@code blob.store} name (bytes
 * written before a switch stay where they are and are still read and swept there).
 *
 * <p>The producer is an {@code @Alternative} with a priority so that it wins over {@link PostgresBlobStore}, which is
 * itself a bean implementing {@link BlobStore}: inject {@code BlobStore}, never a concrete store. A wrong setting fails
 * the start, naming the property.
 */
@ApplicationScoped
public class BlobStores {

    /** Name of the PostgreSQL store ({@code blob.store}). */
    public static final String POSTGRESQL = "postgresql";

    private final BlobsConfig config;
    private final Instance<PostgresBlobStore> postgres;
    private final Vertx vertx;
    private volatile S3BlobStore s3;

    BlobStores(BlobsConfig config, Instance<PostgresBlobStore> postgres, Vertx vertx) {
        this.config = config;
        this.postgres = postgres;
        this.vertx = vertx;
    }

    /** The store new bytes go to. */
    @Produces
    @ApplicationScoped
    @Alternative
    @Priority(1)
    BlobStore current() {
        return named(config.store());
    }

    /** The store called {@code name} ({@code blob.store}); an error for a store this service is not set up for. */
    public BlobStore named(String name) {
        if (POSTGRESQL.equals(name)) {
            return postgres.get();
        }
        if (S3BlobStore.NAME.equals(name)) {
            return s3();
        }
        throw new IllegalStateException("unknown blob store '" + name
                + "': mailroom.mailbox.blobs.store is postgresql or s3");
    }

    private S3BlobStore s3() {
        S3BlobStore store = s3;
        if (store == null) {
            synchronized (this) {
                store = s3;
                if (store == null) {
                    store = new S3BlobStore(vertx, S3BlobStore.Settings.of(config.s3()));
                    s3 = store;
                }
            }
        }
        return store;
    }

    /** Checks the configuration at start: a missing bucket or key fails here, not at the first message. */
    void validate(@Observes StartupEvent start) {
        BlobStore store = named(config.store());
        Log.infof("blob store=%s %s", store.name(), S3BlobStore.NAME.equals(store.name()) ? store : "");
    }
}
