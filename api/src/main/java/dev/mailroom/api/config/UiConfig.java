package dev.mailroom.api.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The inbox web app's sessions (ADR 0039): how long a session lives and how often an address may try to sign in.
 * Checked when the api starts ({@code ui/UiSessions}): a non-positive duration, an idle timeout longer than the
 * absolute one or a non-positive limit stops the start with the property's name.
 */
@ConfigMapping(prefix = "mailroom.ui")
public interface UiConfig {

    /** A session unused this long ends (sliding: every use moves it, up to {@link #absoluteTimeout()}). */
    @WithDefault("12h")
    Duration idleTimeout();

    /** A session ends this long after sign-in, used or not; also the cookie's {@code Max-Age}. */
    @WithDefault("7d")
    Duration absoluteTimeout();

    /**
     * Sign-in attempts per client address and minute, good or bad, counted for every api replica in PostgreSQL:
     * above it {@code 429 rate-limited} without the key being looked at, so {@code /ui/session} is no key-guessing
     * oracle.
     */
    @WithDefault("10")
    int signInPerMinute();

    /**
     * How long this process trusts a session it looked up without asking PostgreSQL again (sign-out in this process
     * counts at once; in another replica within this time). The key itself is checked on every request.
     */
    @WithDefault("5s")
    Duration cacheFor();
}
