package dev.mailroom.mailbox.blob;

/**
 * A blob store could not do what was asked (store unreachable, refused credentials, bytes not matching their SHA-256,
 * misconfiguration). The message names the store, the operation and the store's answer; never a secret.
 */
public class BlobStoreException extends RuntimeException {

    private final boolean transientFailure;

    public BlobStoreException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
        this.transientFailure = true;
    }

    /** Whether retrying later may succeed (network, 5xx, throttling) as opposed to a refusal that will repeat. */
    public boolean isTransient() {
        return transientFailure;
    }
}
