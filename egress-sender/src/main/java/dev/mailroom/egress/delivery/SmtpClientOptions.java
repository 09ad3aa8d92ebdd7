package dev.mailroom.egress.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link SmtpClient}.
 *
 * @param heloName the name sent in EHLO/HELO (a fully qualified domain name, RFC 5321 §4.1.1.1)
 * @param connectTimeout TCP connect time limit
 * @param commandTimeout time limit for each reply, and for each stall while sending the message (RFC 5321 §4.5.3.2
 *        suggests 5 minutes and more)
 * @param maxConnectionsPerEndpoint open connections per endpoint, idle ones included; further transactions queue
 * @param idleTimeout how long an unused connection stays open for reuse
 */
public record SmtpClientOptions(String heloName, Duration connectTimeout, Duration commandTimeout,
        int maxConnectionsPerEndpoint, Duration idleTimeout) {

    public SmtpClientOptions {
        Objects.requireNonNull(heloName, "heloName");
        if (heloName.isBlank() || !heloName.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("heloName must be a non-empty ASCII name without spaces");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(commandTimeout, "commandTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        if (maxConnectionsPerEndpoint < 1) {
            throw new IllegalArgumentException("maxConnectionsPerEndpoint must be at least 1");
        }
    }

    /** 30 s connect, 5 min per command, 4 connections per endpoint, 30 s idle. */
    public static SmtpClientOptions defaults(String heloName) {
        return new SmtpClientOptions(heloName, Duration.ofSeconds(30), Duration.ofMinutes(5), 4,
                Duration.ofSeconds(30));
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
