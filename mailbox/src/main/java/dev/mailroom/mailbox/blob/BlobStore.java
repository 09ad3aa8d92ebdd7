package dev.mailroom.mailbox.blob;

import io.smallrye.mutiny.Uni;

/**
 * Where the bytes of raw messages and attachments live, addressed by their SHA-256 (lower-case hex): the same bytes
 * are stored once whoever carries them. A store only keeps bytes; who references them is counted in the table
 * {@code blob} ({@code sha256, size, refcount}) in the same transaction as the rows that reference them, and a sweep
 * removes the bytes of blobs nobody references any more ({@link #delete}).
 *
 * <p>Implementations: PostgreSQL ({@code blob_content}, the embedded default) and an S3-compatible object store
 * (the scale option); chosen by {@code mailroom.mailbox.blobs.store}.
 */
public interface BlobStore {

    /**
     * Stores {@code bytes} under {@code sha256} (the caller computed it over exactly these bytes) unless already
     * there; completes once they are durable. Storing the same blob twice, also concurrently, is harmless.
     */
    Uni<Void> put(String sha256, byte[] bytes);

    /** The bytes stored under {@code sha256}; null when there are none. */
    Uni<byte[]> get(String sha256);

    /** Removes the bytes of {@code sha256}; removing absent bytes is harmless. */
    Uni<Void> delete(String sha256);

    /** The store's name in logs, metrics and {@code blob.store}: {@code postgresql}, {@code s3}. */
    String name();
}
