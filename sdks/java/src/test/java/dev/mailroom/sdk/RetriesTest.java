package dev.mailroom.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetriesTest {

    @Test
    void retriesOnlyWhereSafe() {
        for (int s : new int[] {408, 500, 502, 503, 504}) {
            assertTrue(Retries.retryStatus(s, "GET", false), "GET " + s);
            assertTrue(Retries.retryStatus(s, "DELETE", false), "DELETE " + s);
            assertTrue(Retries.retryStatus(s, "POST", true), "keyed POST " + s);
            assertFalse(Retries.retryStatus(s, "POST", false), "unkeyed POST " + s);
            assertFalse(Retries.retryStatus(s, "PATCH", false), "unkeyed PATCH " + s);
        }
        assertTrue(Retries.retryStatus(429, "POST", false), "a 429 had no effect");
        for (int s : new int[] {400, 401, 403, 404, 409, 422, 501}) {
            assertFalse(Retries.retryStatus(s, "GET", true), "never " + s);
        }
        assertTrue(Retries.retryNetworkFailure("PUT", false));
        assertTrue(Retries.retryNetworkFailure("POST", true));
        assertFalse(Retries.retryNetworkFailure("POST", false));
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        assertEquals(Duration.ofMillis(500), Retries.backoff(0, () -> 0));
        assertEquals(Duration.ofMillis(1000), Retries.backoff(1, () -> 0));
        assertEquals(Duration.ofMillis(4000), Retries.backoff(3, () -> 0));
        assertEquals(Duration.ofSeconds(8), Retries.backoff(4, () -> 0));
        assertEquals(Duration.ofSeconds(8), Retries.backoff(40, () -> 0));
        assertEquals(Duration.ofMillis(376), Retries.backoff(0, () -> 0.999999), "at most 25 % less");
        assertEquals(Duration.ofMillis(1750), Retries.backoff(2, () -> 0.5));
    }

    @Test
    void readsRetryAfterSecondsAndDates() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        assertEquals(Duration.ofSeconds(42), Retries.parseRetryAfter("42", now));
        assertEquals(Duration.ofSeconds(0), Retries.parseRetryAfter("0", now));
        assertEquals(Duration.ofSeconds(30), Retries.parseRetryAfter("Mon, 07 Dec 2026 10:00:30 GMT", now));
        assertEquals(Duration.ZERO, Retries.parseRetryAfter("Mon, 07 Dec 2026 09:00:00 GMT", now));
        assertNull(Retries.parseRetryAfter("soon", now));
        assertNull(Retries.parseRetryAfter("-5", now));
        assertNull(Retries.parseRetryAfter(null, now));
        assertNull(Retries.parseRetryAfter("99999999999999999999999", now));
    }

    @Test
    void retryAfterWinsOverBackoffButIsCapped() {
        Duration cap = Duration.ofSeconds(60);
        assertEquals(Duration.ofSeconds(20), Retries.delay(0, Duration.ofSeconds(20), cap, () -> 0));
        assertEquals(cap, Retries.delay(0, Duration.ofSeconds(3600), cap, () -> 0));
        assertEquals(Duration.ofMillis(500), Retries.delay(0, null, cap, () -> 0));
        assertEquals(Duration.ofMillis(100), Retries.delay(3, null, Duration.ofMillis(100), () -> 0));
    }
}
