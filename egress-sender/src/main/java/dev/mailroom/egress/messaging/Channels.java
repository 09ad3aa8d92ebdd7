package dev.mailroom.egress.messaging;

/** Reactive Messaging channel names of egress-sender; the channel-to-topic mapping is in application.properties. */
public final class Channels {

    /** In: send requests, topic mailroom.outbound.requested. */
    public static final String OUTBOUND_REQUESTED = "outbound-requested";
    /** Out: requests that could not be delivered, topic mailroom.outbound.requested.dlq. */
    public static final String OUTBOUND_REQUESTED_DLQ = "outbound-requested-dlq";
    /**
     * In: delivery status notifications the router classified ({@code DsnReport}), topic mailroom.inbound.dsn,
     * group mailroom-egress-dsn; only those for our sends are acted on.
     */
    public static final String INBOUND_DSN = "inbound-dsn";
    /** Out: DSN reports that could not be recorded, topic mailroom.inbound.dsn.dlq. */
    public static final String INBOUND_DSN_DLQ = "inbound-dsn-dlq";
    /** Out: delivery events, topic mailroom.events. */
    public static final String EVENTS = "events";

    private Channels() {
    }
}
