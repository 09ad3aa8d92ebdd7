package dev.mailroom.mailbox.messaging;

/** Reactive Messaging channel names of the mailbox service; the channel-to-topic mapping is in application.properties. */
public final class Channels {

    /** In: raw inbound messages, topic mailroom.inbound.received (dead letters: .mailbox.dlq). */
    public static final String INBOUND_RECEIVED = "inbound-received";
    /** In: routed inbound messages, one per mailbox, topic mailroom.inbound.routed. */
    public static final String INBOUND_ROUTED = "inbound-routed";
    /** In: send requests, topic mailroom.outbound.requested. */
    public static final String OUTBOUND_REQUESTED = "outbound-requested";
    /** In: lifecycle events, topic mailroom.events (this package reads the outbound.* delivery events). */
    public static final String EVENTS = "events";

    private Channels() {
    }
}
