package dev.mailroom.contract;

/**
 * States of one recipient's delivery, as egress-sender keeps them and its {@code outbound.*} events on
 * {@link Topics#EVENTS} tell them (the mailbox service rebuilds them from those events). Only {@link #PENDING} is not
 * final.
 */
public enum DeliveryStatus {
    /** Waiting for its (next) attempt. */
    PENDING,
    /** Accepted by the recipient domain's MX. */
    DELIVERED,
    /** Accepted by the configured smarthost, which delivers onward. */
    SENT,
    /** Refused permanently (5xx, null MX, no such domain). */
    BOUNCED,
    /** Not attempted: the address is on the suppression list. */
    SUPPRESSED,
    /** Still failing temporarily when the give-up time passed. */
    FAILED;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static DeliveryStatus of(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The recipient's status after an event of {@code type} about it: {@code outbound.delivered}, {@code .sent},
     * {@code .bounced}, {@code .suppressed}, {@code .failed} are final, {@code outbound.deferred} leaves it
     * {@link #PENDING}; null for a type that says nothing about one recipient ({@code outbound.queued}, others).
     */
    public static DeliveryStatus ofEvent(String type) {
        return switch (type) {
            case "outbound.delivered" -> DELIVERED;
            case "outbound.sent" -> SENT;
            case "outbound.bounced" -> BOUNCED;
            case "outbound.suppressed" -> SUPPRESSED;
            case "outbound.failed" -> FAILED;
            case "outbound.deferred" -> PENDING;
            default -> null;
        };
    }
}
