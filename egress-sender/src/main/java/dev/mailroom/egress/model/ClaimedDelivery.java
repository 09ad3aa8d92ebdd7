package dev.mailroom.egress.model;

import java.time.Instant;

/**
 * A recipient claimed for delivery, with what delivering it needs from its message (so delivery reads nothing
 * else): the envelope sender, the signed bytes and whether they need SMTPUTF8. The bytes come on the first row of
 * their message in a claim only, and are null on its other rows ({@code DeliverySql.claimDue}).
 */
public record ClaimedDelivery(long id, String messageId, String recipient, String domain, int attempts,
        String sender, byte[] raw, boolean smtpUtf8, Instant createdAt) {
}
