package dev.mailroom.ingress.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of ingress-smtp. */
@ConfigMapping(prefix = "mailroom")
public interface IngressConfig {

    /**
     * Domains Mailroom accepts mail for (env {@code MAILROOM_DOMAINS}, comma-separated), besides the domains of the
     * domain store (topic {@code mailroom.domains}). RCPT for any other domain is refused with {@code 550 5.7.1}:
     * Mailroom is never an open relay.
     */
    @WithDefault("agents.localhost")
    List<String> domains();

    /** The SMTP listener. */
    Smtp smtp();

    /** True when {@code domain} is one of {@link #domains()}, ignoring case. */
    default boolean accepts(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        return domains().stream().anyMatch(accepted -> accepted.trim().equalsIgnoreCase(d));
    }

    interface Smtp {
        /** Address to bind (env {@code MAILROOM_SMTP_HOST}). */
        @WithDefault("127.0.0.1")
        String host();

        /** Port to listen on (env {@code MAILROOM_SMTP_PORT}); 0 picks a free port. */
        @WithDefault("2525")
        int port();

        /** Name announced in the greeting and in Received headers. */
        @WithDefault("mailroom.localhost")
        String hostname();

        /** Largest message accepted, in bytes (SIZE); larger DATA is refused with 552. */
        @WithDefault("26214400")
        int maxMessageSize();

        /** Most recipients in one transaction; further RCPTs get 452. */
        @WithDefault("100")
        int maxRecipients();

        /**
         * Most concurrent SMTP sessions in all; one more is answered {@code 421 4.7.0} before the greeting and
         * closed.
         */
        @WithDefault("200")
        int maxConnections();

        /**
         * Most concurrent SMTP sessions from one client IP address; one more is answered {@code 421 4.7.0} before
         * the greeting and closed.
         */
        @WithDefault("20")
        int maxConnectionsPerIp();

        /**
         * Most commands a session may send outside a mail transaction, the MAIL that starts one included (EHLO,
         * STARTTLS, AUTH, NOOP, RSET, VRFY, HELP, refused MAILs...); one more is answered {@code 421 4.7.0} and the
         * connection closed. A successful MAIL starts the count again; QUIT is never counted.
         */
        @WithDefault("50")
        int maxCommandsBeforeMail();

        /** STARTTLS. */
        Tls tls();

        /** Idle time after which a silent client is disconnected. */
        @WithDefault("5m")
        Duration idleTimeout();

        /**
         * How long DATA waits for Kafka to acknowledge the message before answering {@code 451 4.3.0}. Must exceed
         * the producer's {@code delivery.timeout.ms} so that a message never lands after the client was told to
         * retry.
         */
        @WithDefault("20s")
        Duration kafkaAckTimeout();

        /** The submission listener for applications (port 587). */
        Submission submission();

        /** The PROXY protocol (behind a load balancer). */
        ProxyProtocol proxyProtocol();

        /** Which local parts the MX listener accepts at RCPT besides the agent registry's address names. */
        Recipients recipients();
    }

    interface Recipients {
        /**
         * Accept every local part of an accepted domain at RCPT (a catch-all agent is configured in the router).
         * False (the default): only the address names of the agent registry (topic {@code mailroom.agents}) and
         * {@code postmaster}; others are refused with {@code 550 5.1.1}.
         */
        @WithDefault("false")
        boolean catchAll();
    }

    interface ProxyProtocol {
        /**
         * Peers that must send a PROXY protocol v1 or v2 header, as CIDR blocks or single addresses (env
         * {@code MAILROOM_SMTP_PROXY_PROTOCOL_TRUSTED}, comma-separated), on both listeners. Their header's client
         * address is the session's client IP (connection limits, {@code Received:}, envelope). Empty (the default):
         * the PROXY protocol is off, and a {@code PROXY} line from anyone is refused.
         */
        Optional<List<String>> trusted();
    }

    /**
     * Message submission (RFC 6409) for applications: STARTTLS required, then AUTH PLAIN or LOGIN with a Mailroom
     * API key as the password; the authenticated message goes to {@code mailroom.outbound.requested}, the same path
     * as egress-sender's REST API, restricted to the key's domains.
     */
    interface Submission {
        /** Whether the submission listener runs (env {@code MAILROOM_SMTP_SUBMISSION_ENABLED}). Needs STARTTLS. */
        @WithDefault("false")
        boolean enabled();

        /** Address to bind (env {@code MAILROOM_SMTP_SUBMISSION_HOST}). */
        @WithDefault("127.0.0.1")
        String host();

        /** Port to listen on (env {@code MAILROOM_SMTP_SUBMISSION_PORT}); 0 picks a free port. */
        @WithDefault("587")
        int port();
    }

    interface Tls {
        /** Whether STARTTLS is advertised and offered. */
        @WithDefault("true")
        boolean enabled();

        /**
         * PKCS12 keystore holding the server's private key and certificate chain (its first key entry is used).
         * When absent, a self-signed certificate for {@code mailroom.smtp.hostname} is generated at startup: fine
         * for local runs, not for a public MX.
         */
        Optional<Path> keystoreFile();

        /** Password of {@link #keystoreFile()} and of its key entry (env, never committed). */
        Optional<String> keystorePassword();
    }

    /** The raw-message producer (acks=all and idempotence are fixed, not settable). */
    Kafka kafka();

    interface Kafka {
        /**
         * Producer {@code delivery.timeout.ms}: how long one send may take, retries included. Keep it below
         * {@code mailroom.smtp.kafka-ack-timeout}.
         */
        @WithDefault("15s")
        Duration deliveryTimeout();
    }
}
