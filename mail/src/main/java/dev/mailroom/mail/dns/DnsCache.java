package dev.mailroom.mail.dns;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small bounded LRU cache of DNS answers that respects their TTL (capped). Temporary errors are never cached.
 * Thread-safe.
 */
public final class DnsCache {

    private record Entry(DnsResult<?> result, long expiresAtMillis) {
    }

    private final int maxEntries;
    private final long maxTtlSeconds;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries;

    /**
     * @param maxEntries    entries kept at most (least recently used dropped first); 0 disables caching
     * @param maxTtlSeconds upper bound on the time an answer is kept
     * @param clock         time source
     */
    public DnsCache(int maxEntries, long maxTtlSeconds, Clock clock) {
        this.maxEntries = maxEntries;
        this.maxTtlSeconds = maxTtlSeconds;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > DnsCache.this.maxEntries;
            }
        };
    }

    /** The cached answer for {@code key}, or null when absent or expired. */
    @SuppressWarnings("unchecked")
    public synchronized <T> DnsResult<T> get(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (e.expiresAtMillis <= clock.millis()) {
            entries.remove(key);
            return null;
        }
        return (DnsResult<T>) e.result;
    }

    /** Caches {@code result} for its TTL unless it is a temporary error or has no TTL. */
    public synchronized void put(String key, DnsResult<?> result) {
        if (maxEntries <= 0 || result.isTempError() || result.ttlSeconds() <= 0) {
            return;
        }
        long ttl = Math.min(result.ttlSeconds(), maxTtlSeconds);
        entries.put(key, new Entry(result, clock.millis() + ttl * 1000));
    }

    /** Number of entries held (expired ones included until touched). */
    public synchronized int size() {
        return entries.size();
    }
}
