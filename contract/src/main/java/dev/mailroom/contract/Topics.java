package dev.mailroom.contract;

import java.util.List;

/**
 * Every Kafka topic Mailroom writes or reads. Topic names are dotted, lower case and past tense; each consumed
 * topic has a dead-letter twin named {@code <topic>.dlq}. The channel-to-topic mapping of each service is written
 * out in its {@code application.properties}; this class is the single source of the names themselves.
 */
public final class Topics {

    /** Raw RFC 5322 bytes as accepted by ingress-smtp; key = inbound id; envelope in {@link Envelope} headers. */
    public static final String INBOUND_RECEIVED = "mailroom.inbound.received";

    /** {@link RoutedEmail} JSON; key = {@code Class/instance}. One record per accepted recipient. */
    public static final String INBOUND_ROUTED = "mailroom.inbound.routed";

    /**
     * {@link DsnReport} JSON; key = {@link DsnReport#key()} (original envelope id = send id, else the original
     * Message-ID). One record per inbound delivery status notification, classified by the router; read by
     * egress-sender.
     */
    public static final String INBOUND_DSN = "mailroom.inbound.dsn";

    /** {@link OutboundRequest} JSON; key = send id. Written by agent-host, the REST API, CLI and MCP. */
    public static final String OUTBOUND_REQUESTED = "mailroom.outbound.requested";

    /** {@link MailroomEvent} JSON; key = the message id the event is about. */
    public static final String EVENTS = "mailroom.events";

    /**
     * {@link DomainRecord} JSON; key = domain name (lower-case A-label); a null value (tombstone) removes the domain.
     * Compacted ({@code cleanup.policy=compact}): a table of the domain store, not a stream. Written by egress-sender
     * (which owns the store); every ingress-smtp process reads it whole from the beginning, without a consumer group,
     * so there is no dead-letter twin.
     */
    public static final String DOMAINS = "mailroom.domains";

    /**
     * {@link AgentRecord} JSON; key = agent class name; a null value (tombstone) removes the class. Compacted: the
     * agent registry as a table. Written by agent-host (which owns the registry); every router and ingress-smtp
     * process reads it whole from the beginning, without a consumer group, so there is no dead-letter twin.
     */
    public static final String AGENTS = "mailroom.agents";

    /**
     * {@link ApiKeyRecord} JSON; key = key id; a null value (tombstone) means the key was revoked or deleted.
     * Compacted: the API keys as a table, each with the SHA-256 of its token, never the token. Written by the api
     * (which owns the keys, ADR 0031); every service that verifies keys (api, agent-host, egress-sender,
     * ingress-smtp submission) reads it whole from the beginning, without a consumer group, so there is no
     * dead-letter twin.
     */
    public static final String API_KEYS = "mailroom.api-keys";

    /** Topics that have consumers inside Mailroom, and therefore a dead-letter topic. */
    public static final List<String> CONSUMED = List.of(INBOUND_RECEIVED, INBOUND_ROUTED, INBOUND_DSN,
            OUTBOUND_REQUESTED);

    /** Every topic, dead-letter topics included, in the order a fresh stack creates them. */
    public static final List<String> ALL = List.of(
            INBOUND_RECEIVED, dlq(INBOUND_RECEIVED),
            INBOUND_ROUTED, dlq(INBOUND_ROUTED),
            INBOUND_DSN, dlq(INBOUND_DSN),
            OUTBOUND_REQUESTED, dlq(OUTBOUND_REQUESTED),
            EVENTS,
            DOMAINS,
            AGENTS,
            API_KEYS,
            // the mailbox service reads these topics in groups of its own: its dead letters are its own too
            dlq(INBOUND_RECEIVED, "mailbox"), dlq(INBOUND_ROUTED, "mailbox"), dlq(OUTBOUND_REQUESTED, "mailbox"),
            dlq(EVENTS, "mailbox"));

    /** Topics kept as tables ({@code cleanup.policy=compact}): the latest record per key survives. */
    public static final List<String> COMPACTED = List.of(DOMAINS, AGENTS, API_KEYS);

    /**
     * Largest record value any topic must carry, in bytes. A 25 MiB message (the default SMTP size limit) grows by
     * about a third when a routed record carries its parts, so topics, producers and consumers are all raised to
     * this bound (see docs/adr/0002-large-messages-in-kafka.md).
     */
    public static final int MAX_RECORD_BYTES = 48 * 1024 * 1024;

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}. */
    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    /**
     * The dead-letter topic of {@code consumer}, a second consuming service of {@code topic} with its own failures
     * ({@code <topic>.<consumer>.dlq}), so that one consumer's dead letters are never replayed into another.
     */
    public static String dlq(String topic, String consumer) {
        return topic + "." + consumer + ".dlq";
    }
}
