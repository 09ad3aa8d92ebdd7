package dev.mailroom.egress.delivery;

import java.util.List;
import java.util.Objects;

/**
 * One mail transaction: envelope and the exact message bytes to send.
 *
 * @param mailFrom the reverse path without angle brackets; {@code ""} for the null sender ({@code MAIL FROM:<>})
 * @param recipients the forward paths without angle brackets, at least one
 * @param data the message, CRLF line ends, not dot-stuffed; sent byte for byte (a final CRLF is added if missing)
 * @param smtpUtf8 the envelope or headers need SMTPUTF8 (RFC 6531); also assumed when an address is not ASCII
 * @param envelopeId DSN envelope id (RFC 3461), sent as {@code ENVID} when the server offers DSN; may be {@code null}
 */
public record MailTransaction(String mailFrom, List<String> recipients, byte[] data, boolean smtpUtf8,
        String envelopeId) {

    public MailTransaction {
        Objects.requireNonNull(mailFrom, "mailFrom");
        Objects.requireNonNull(data, "data");
        recipients = List.copyOf(recipients);
    }

    /** The same transaction for a subset of the recipients. */
    MailTransaction withRecipients(List<String> subset) {
        return new MailTransaction(mailFrom, subset, data, smtpUtf8, envelopeId);
    }
}
