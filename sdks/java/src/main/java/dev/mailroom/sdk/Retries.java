package dev.mailroom.sdk;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The retry rules, pure logic: which answers are retried, which requests are safe to retry, how long to wait.
 * Retried: HTTP 408, 429, 500, 502, 503, 504 and network failures. Safe: GET, HEAD, PUT, DELETE, any request carrying
 * an {@code Idempotency-Key}, and any 429 (the api refused it at the edge, before any effect). The wait is the
 * answer's {@code Retry-After} (seconds or an HTTP date) capped by {@code maxRetryDelay}, else an exponential backoff
 * 0.5 s × 2^n with up to 25 % jitter, capped at 8 s.
 */
final class Retries {

    static final Set<Integer> RETRIED_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
    static final Duration BACKOFF_BASE = Duration.ofMillis(500);
    static final Duration BACKOFF_CAP = Duration.ofSeconds(8);

    private Retries() {
    }

    static boolean idempotentMethod(String method) {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> true;
            default -> false;
        };
    }

    /** Whether an answer with {@code status} to this request may be sent again. */
    static boolean retryStatus(int status, String method, boolean hasIdempotencyKey) {
        if (!RETRIED_STATUSES.contains(status)) {
            return false;
        }
        return status == 429 || idempotentMethod(method) || hasIdempotencyKey;
    }

    /** Whether a network failure of this request may be retried (the server may have acted on it). */
    static boolean retryNetworkFailure(String method, boolean hasIdempotencyKey) {
        return idempotentMethod(method) || hasIdempotencyKey;
    }

    /** The backoff before retry number {@code retry} (0 for the first), {@code random} in [0, 1). */
    static Duration backoff(int retry, DoubleSupplier random) {
        long base = BACKOFF_BASE.toMillis() << Math.min(retry, 20);
        long capped = Math.min(base, BACKOFF_CAP.toMillis());
        long jitter = (long) (capped * 0.25 * random.getAsDouble());
        return Duration.ofMillis(capped - jitter);
    }

    /**
     * The delay a {@code Retry-After} value asks for: delta-seconds or an HTTP date (RFC 9110 §10.2.3), relative to
     * {@code now}; {@code null} when absent or unreadable; never negative.
     */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException tooLong) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The wait before retry number {@code retry}: Retry-After when given (capped), else the backoff. */
    static Duration delay(int retry, Duration retryAfter, Duration maxRetryDelay, DoubleSupplier random) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : retryAfter;
        }
        Duration b = backoff(retry, random);
        return b.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : b;
    }
}
