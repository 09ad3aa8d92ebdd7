package dev.mailroom.sdk;

import java.time.Duration;

/**
 * How {@code agents().waitForReply} (and {@code agents().messages}, {@code agents().streamMessages}) wait:
 * {@code after} a history sequence number (default: now), {@code direction} {@code in} or {@code out}
 * ({@code waitForReply} defaults to {@code in}: a message reaching the instance), a {@code thread} id, and the
 * {@code timeout} (default 30 s; for {@code messages} the long poll's {@code wait}).
 * <pre>{@code WaitParams.timeout(Duration.ofSeconds(30)).after(0).direction("out")}</pre>
 */
public record WaitParams(Long after, Duration timeout, String direction, String thread) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public static WaitParams defaults() {
        return new WaitParams(null, null, null, null);
    }

    public static WaitParams timeout(Duration timeout) {
        return new WaitParams(null, timeout, null, null);
    }

    public WaitParams after(long after) {
        return new WaitParams(after, timeout, direction, thread);
    }

    public WaitParams withTimeout(Duration timeout) {
        return new WaitParams(after, timeout, direction, thread);
    }

    public WaitParams direction(String direction) {
        return new WaitParams(after, timeout, direction, thread);
    }

    public WaitParams thread(String thread) {
        return new WaitParams(after, timeout, direction, thread);
    }
}
