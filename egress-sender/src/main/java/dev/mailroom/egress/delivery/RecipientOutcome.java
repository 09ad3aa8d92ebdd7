package dev.mailroom.egress.delivery;

/**
 * What became of one recipient in one delivery attempt.
 *
 * @param recipient the address
 * @param status delivered, deferred (try again later) or bounced (give up)
 * @param reply the server's reply that decided it; a locally generated one for local decisions (null MX, no route,
 *        SMTPUTF8 or size not supported, DNS failure), the text then says so; {@code null} when there was none
 *        (network error, time-out)
 * @param host the {@code host:port} that answered or failed last, {@code null} when no host was tried
 * @param detail a human-readable account, never containing credentials
 */
public record RecipientOutcome(String recipient, Status status, SmtpReply reply, String host, String detail) {

    /** The three ends of a delivery attempt for a recipient. */
    public enum Status {
        DELIVERED, DEFERRED, BOUNCED
    }
}
