package dev.mailroom.mail.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A DNS server that never answers yields TEMPERROR within a bounded time; the cache respects TTLs and bounds. */
class DnsResolverTimeoutTest {

    @Test
    void silentServerGivesTempErrorWithinTheTimeout() throws Exception {
        try (DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DnsjavaResolver resolver = new DnsjavaResolver(List.of("127.0.0.1:" + blackHole.getLocalPort()),
                    Duration.ofMillis(300));
            long start = System.nanoTime();
            DnsResult<String> txt = resolver.txt("example.com");
            DnsResult<InetAddress> a = resolver.a("example.com");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(DnsResult.Status.TEMPERROR, txt.status());
            assertEquals(DnsResult.Status.TEMPERROR, a.status());
            assertTrue(elapsedMs < 4000, "took " + elapsedMs + " ms");
        }
    }

    @Test
    void cacheKeepsAnswersForTheirTtlOnlyAndNeverTempErrors() {
        MutableClock clock = new MutableClock();
        InMemoryDnsResolver stub = new InMemoryDnsResolver().add("a.example", "TXT", "hello").errorWhenNameContains("down.");
        CachingDnsResolver cached = new CachingDnsResolver(stub, new DnsCache(2, 60, clock));
        cached.txt("a.example");
        cached.txt("a.example");
        assertEquals(1, stub.queryCount());
        clock.now = clock.now.plusSeconds(61);
        cached.txt("a.example");
        assertEquals(2, stub.queryCount());
        cached.txt("down.example");
        cached.txt("down.example");
        assertEquals(4, stub.queryCount());
    }

    @Test
    void cacheIsBounded() {
        DnsCache cache = new DnsCache(2, 60, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            cache.put("k" + i, DnsResult.ok(List.of("v"), 30));
        }
        assertEquals(2, cache.size());
        assertEquals(null, cache.get("k0"));
        assertEquals(List.of("v"), cache.<String>get("k4").values());
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
