package dev.mailroom.egress.model;

/** States of one recipient's delivery. Only {@link #PENDING} is not final. */
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
}
