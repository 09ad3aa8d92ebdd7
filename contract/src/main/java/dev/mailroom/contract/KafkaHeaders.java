package dev.mailroom.contract;

/**
 * Names of Kafka record headers. Envelope headers travel with raw messages; dead-letter headers use the names of
 * SmallRye Reactive Messaging's dead-letter strategy so that records dead-lettered by the framework and by our own
 * code look the same to an operator.
 */
public final class KafkaHeaders {

    // ---- envelope of a raw inbound message (topic mailroom.inbound.received) ----
    /** The inbound id ingress-smtp gave the message at the door. Also the record key. */
    public static final String INBOUND_ID = "mailroom.inbound-id";
    /** Reverse path from {@code MAIL FROM}; empty for the null sender. */
    public static final String MAIL_FROM = "mailroom.mail-from";
    /** One header per {@code RCPT TO}, in the order accepted. */
    public static final String RCPT_TO = "mailroom.rcpt-to";
    /** The client's IP address (the real one, after any trusted proxy). */
    public static final String CLIENT_IP = "mailroom.client-ip";
    /** The client's EHLO/HELO argument. */
    public static final String HELO = "mailroom.helo";
    /** {@code true} when the transaction ran over TLS. */
    public static final String TLS = "mailroom.tls";
    /** ISO-8601 instant at which ingress-smtp accepted the DATA. */
    public static final String RECEIVED_AT = "mailroom.received-at";

    // ---- correlation, on every topic ----
    /** Id of the message a record is about (inbound id, routed id or send id). */
    public static final String MESSAGE_ID = "mailroom.message-id";
    /** Id of the record that caused this one (routed id for a reply, inbound id for a routed record). */
    public static final String CAUSATION_ID = "mailroom.causation-id";

    // ---- dead letters (topic <topic>.dlq), same names as SmallRye's dead-letter-queue strategy ----
    /** Why the record could not be processed: a short, stable, machine-readable reason and a human text. */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    /** The exception (class: message) that caused the dead letter, when there was one. */
    public static final String DEAD_LETTER_CAUSE = "dead-letter-cause";
    /** Topic, partition and offset of the original record. */
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    public static final String DEAD_LETTER_PARTITION = "dead-letter-partition";
    public static final String DEAD_LETTER_OFFSET = "dead-letter-offset";
    /** For a raw message dead-lettered for one recipient only: that recipient. */
    public static final String DEAD_LETTER_RECIPIENT = "dead-letter-recipient";

    private KafkaHeaders() {
    }
}
