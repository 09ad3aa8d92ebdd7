package dev.mailroom.sdk;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reading your own sends. A send is answered (202) once it is durably queued, but {@code GET /v1/messages/{id}} is
 * served by the mailbox service, which files the send a few tens of milliseconds later. The client remembers the ids
 * its own accepted sends were given (60 s, the newest 1,000) and, for those ids only, retries the 404 of a read with
 * a short backoff (100 ms doubling, cap 1 s) for up to 5 s (no longer than the client's timeout). Any other id
 * answers its 404 at once. Thread-safe.
 */
final class RecentSends {

    static final Duration REMEMBER_FOR = Duration.ofSeconds(60);
    static final int REMEMBER_MAX = 1000;
    static final Duration READ_RETRY_FOR = Duration.ofSeconds(5);
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofSeconds(1);

    private final long ttlNanos;
    private final int max;
    private final LongSupplier nanoClock;
    /** id → when it was sent (System.nanoTime), oldest first. */
    private final LinkedHashMap<String, Long> ids = new LinkedHashMap<>();

    RecentSends() {
        this(REMEMBER_FOR, REMEMBER_MAX, System::nanoTime);
    }

    RecentSends(Duration ttl, int max, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.max = max;
        this.nanoClock = nanoClock;
    }

    /** Remembers an id (null and empty ones skipped). */
    void remember(String id) {
        if (id != null && !id.isEmpty()) {
            synchronized (ids) {
                long now = nanoClock.getAsLong();
                ids.remove(id);
                ids.put(id, now);
                prune(now);
            }
        }
    }

    void rememberAll(Collection<String> sent) {
        if (sent != null) {
            sent.forEach(this::remember);
        }
    }

    /** Whether {@code id} came from one of this client's sends in the last 60 s (among the newest 1,000). */
    boolean contains(String id) {
        synchronized (ids) {
            prune(nanoClock.getAsLong());
            return ids.containsKey(id);
        }
    }

    int size() {
        synchronized (ids) {
            return ids.size();
        }
    }

    private void prune(long now) {
        for (Iterator<Map.Entry<String, Long>> it = ids.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Long> oldest = it.next();
            if (ids.size() <= max && now - oldest.getValue() <= ttlNanos) {
                return;
            }
            it.remove();
        }
    }

    /**
     * {@code read} (a read of message {@code id}); when {@code sends} holds {@code id}, its {@link NotFoundException}
     * is retried with backoff for up to 5 s (at most {@code timeout}), then thrown.
     */
    static <T> T read(RecentSends sends, String id, Duration timeout, Supplier<T> read) {
        if (sends == null || !sends.contains(id)) {
            return read.get();
        }
        Duration budget = timeout.compareTo(READ_RETRY_FOR) < 0 ? timeout : READ_RETRY_FOR;
        long end = System.nanoTime() + budget.toNanos();
        Duration delay = FIRST_DELAY;
        while (true) {
            try {
                return read.get();
            } catch (NotFoundException notYet) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw notYet;
                }
                Transport.sleep(delay.toNanos() < left ? delay : Duration.ofNanos(left));
                delay = delay.multipliedBy(2).compareTo(MAX_DELAY) < 0 ? delay.multipliedBy(2) : MAX_DELAY;
            }
        }
    }
}
