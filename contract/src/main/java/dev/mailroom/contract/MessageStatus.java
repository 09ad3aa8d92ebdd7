package dev.mailroom.contract;

import java.util.Collection;

/**
 * The status of a whole outbound message, derived from its recipients' {@link DeliveryStatus}: computed the same way
 * by egress-sender (from its queue) and the mailbox service (from egress's events), so both tell one status.
 */
public enum MessageStatus {
    /**
     * Accepted by egress-sender's former REST API, not yet on Kafka: only rows from before ADR 0032 (the api accepts
     * sends onto Kafka now); spooling such a request completes its row.
     */
    ACCEPTED("accepted"),
    /** Spooled, no attempt made yet. */
    QUEUED("queued"),
    /** At least one recipient waits for a retry. */
    DEFERRED("deferred"),
    DELIVERED("delivered"),
    SENT("sent"),
    /** Final: some recipients got it, others bounced, failed or were suppressed. */
    PARTIALLY_DELIVERED("partially-delivered"),
    BOUNCED("bounced"),
    SUPPRESSED("suppressed"),
    /** Undeliverable for a reason other than a bounce (invalid request, give-up time passed). */
    FAILED("failed");

    private final String value;

    MessageStatus(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The message status from its recipients' states and whether any attempt was made yet. */
    public static MessageStatus of(Collection<DeliveryStatus> recipients, boolean attempted) {
        if (recipients.contains(DeliveryStatus.PENDING)) {
            return attempted ? DEFERRED : QUEUED;
        }
        long ok = recipients.stream().filter(s -> s == DeliveryStatus.DELIVERED || s == DeliveryStatus.SENT).count();
        if (ok == recipients.size()) {
            return recipients.contains(DeliveryStatus.DELIVERED) ? DELIVERED : SENT;
        }
        if (ok > 0) {
            return PARTIALLY_DELIVERED;
        }
        if (recipients.contains(DeliveryStatus.BOUNCED)) {
            return BOUNCED;
        }
        if (recipients.stream().allMatch(s -> s == DeliveryStatus.SUPPRESSED)) {
            return SUPPRESSED;
        }
        return FAILED;
    }
}
