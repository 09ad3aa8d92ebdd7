package dev.mailroom.mailbox.blob;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where blob bytes live and how unreferenced ones are swept ({@code mailroom.mailbox.blobs.*}, ADR 0034). */
@ConfigMapping(prefix = "mailroom.mailbox.blobs")
public interface BlobsConfig {

    /** The store new bytes go to: {@code postgresql} (table {@code blob_content}, the default) or {@code s3}. */
    @WithDefault(BlobStores.POSTGRESQL)
    String store();

    /** The S3-compatible object store (only read when {@link #store()} is {@code s3}). */
    S3 s3();

    /** The sweep of unreferenced blobs. */
    Sweep sweep();

    /** An S3-compatible object store, addressed path-style ({@code <endpoint>/<bucket>/<key>}), SigV4-signed. */
    interface S3 {
        /** Base URL, e.g. {@code https://s3.eu-west-1.amazonaws.com} or {@code http://127.0.0.1:9000}. */
        Optional<URI> endpoint();

        /** The bucket (must exist). */
        Optional<String> bucket();

        /** The signing region. */
        @WithDefault("us-east-1")
        String region();

        /** Access key id. */
        Optional<String> accessKey();

        /** Secret access key: from the environment or a secrets file, never committed. */
        Optional<String> secretKey();

        /** Prepended to every key (e.g. {@code mailroom/}); none by default. */
        Optional<String> prefix();

        /** Longest wait for one request to the store. */
        @WithDefault("30s")
        Duration timeout();
    }

    /** Removal of blobs nobody references ({@code refcount = 0}). */
    interface Sweep {
        /** How often the sweep runs ({@code off} disables it). Read by {@code @Scheduled} as a property expression. */
        @WithDefault("5m")
        String interval();

        /** How long a blob stays unreferenced before its bytes may go (a writer re-referencing it within wins). */
        @WithDefault("1h")
        Duration gracePeriod();

        /** Blobs removed per run at most. */
        @WithDefault("500")
        int batchSize();
    }
}
