package dev.mailroom.router.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of inbound authentication (SPF, DKIM, DMARC). */
@ConfigMapping(prefix = "mailroom.auth")
public interface AuthConfig {

    /** When false, every verdict is {@code none} and no DNS query is made (env {@code MAILROOM_AUTH_ENABLED}). */
    @WithDefault("true")
    boolean enabled();

    /** The authserv-id that starts the Authentication-Results field (RFC 8601). */
    @WithDefault("mailroom.localhost")
    String authservId();

    /** Upper bound for one message's whole check; past it the verdicts still missing are {@code temperror}. */
    @WithDefault("20s")
    Duration timeout();

    /** DNS settings. */
    Dns dns();

    /** DNS settings. */
    interface Dns {
        /** Recursive resolvers, {@code host} or {@code host:port}, comma-separated; unset = the system's. */
        Optional<List<String>> servers();

        /** Per-query timeout. */
        @WithDefault("3s")
        Duration timeout();

        /** Answers cached at most (0 disables the cache). */
        @WithDefault("10000")
        int cacheSize();

        /** Upper bound on the time an answer is cached, whatever its TTL. */
        @WithDefault("1h")
        Duration cacheMaxTtl();
    }
}
