package dev.mailroom.router.messaging;

/** Reactive Messaging channel names of the router; the channel-to-topic mapping is in application.properties. */
public final class Channels {

    /** In: raw messages, topic mailroom.inbound.received. */
    public static final String INBOUND_RECEIVED = "inbound-received";
    /** Out: routed records, topic mailroom.inbound.routed, and the events about them (topic mailroom.events). */
    public static final String INBOUND_ROUTED = "inbound-routed";
    /** Out: delivery status notifications read from raw messages ({@code DsnReport}), topic mailroom.inbound.dsn. */
    public static final String INBOUND_DSN = "inbound-dsn";
    /**
     * Out: raw records the router could not route, topic mailroom.inbound.received.dlq, and the events about them.
     */
    public static final String INBOUND_RECEIVED_DLQ = "inbound-received-dlq";

    private Channels() {
    }
}
