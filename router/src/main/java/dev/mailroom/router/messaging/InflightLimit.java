package dev.mailroom.router.messaging;

import java.util.ArrayDeque;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Counts records whose sends are out (published, Kafka's acknowledgement not yet back) and admits a new one only
 * while fewer than {@code max} are: {@link #acquire()} completes at once below the limit, else when a
 * {@link #release()} frees a place (first come, first admitted). It lets the router pipeline its records (route the
 * next one while the previous ones' sends travel) without letting its sends grow without bound when Kafka is slow.
 * Pure logic.
 */
public final class InflightLimit {

    private final int max;
    private final ArrayDeque<UniEmitter<? super Void>> waiting = new ArrayDeque<>();
    private int inflight;

    public InflightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1");
        }
        this.max = max;
    }

    /** Completes when a place is taken; the caller must {@link #release()} it exactly once. */
    public Uni<Void> acquire() {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                if (inflight >= max) {
                    waiting.add(emitter);
                    return;
                }
                inflight++;
            }
            emitter.complete(null);
        });
    }

    /** Frees a place; the oldest waiter (if any) takes it. */
    public void release() {
        UniEmitter<? super Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                if (inflight == 0) {
                    throw new IllegalStateException("release without acquire");
                }
                inflight--;
                return;
            }
        }
        next.complete(null); // the place passes to the waiter: inflight unchanged
    }

    /** Places taken. */
    public synchronized int inflight() {
        return inflight;
    }

    /** Acquirers waiting for a place. */
    public synchronized int waiting() {
        return waiting.size();
    }
}
