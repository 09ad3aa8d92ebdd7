package dev.mailroom.agenthost.messaging;

/** Reactive Messaging channel names of agent-host; the channel-to-topic mapping is in application.properties. */
public final class Channels {

    /** In: routed messages, topic mailroom.inbound.routed. */
    public static final String INBOUND_ROUTED = "inbound-routed";
    /** Out: routed records that could not be processed, topic mailroom.inbound.routed.dlq. */
    public static final String INBOUND_ROUTED_DLQ = "inbound-routed-dlq";
    /** Out: send requests from the outbox, topic mailroom.outbound.requested. */
    public static final String OUTBOUND_REQUESTED = "outbound-requested";

    private Channels() {
    }
}
