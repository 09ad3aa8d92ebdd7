package dev.mailroom.egress.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a temporarily failing recipient is tried again (RFC 5321 §4.5.4.1): the n-th wait of the schedule after the
 * n-th failed attempt, the last wait repeating, until the give-up time after queueing has passed.
 */
public record RetrySchedule(List<Duration> waits, Duration giveUpAfter) {

    public RetrySchedule {
        if (waits.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one wait");
        }
        waits = List.copyOf(waits);
    }

    /** The next attempt after {@code failedAttempts} failures (1 or more), or null when it is time to give up. */
    public Instant next(int failedAttempts, Instant queuedAt, Instant now) {
        Duration wait = waits.get(Math.min(Math.max(failedAttempts, 1), waits.size()) - 1);
        Instant next = now.plus(wait);
        Instant deadline = queuedAt.plus(giveUpAfter);
        if (!now.isBefore(deadline)) {
            return null;
        }
        return next.isAfter(deadline) ? deadline : next;
    }
}
