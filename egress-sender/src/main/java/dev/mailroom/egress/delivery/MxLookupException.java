package dev.mailroom.egress.delivery;

/**
 * MX routing found no host to try. {@link #reason()} is {@code null-mx} (see {@link NullMxException}),
 * {@code no-mx} (neither MX nor address: permanent), {@code bad-domain} (not a valid domain name: permanent) or
 * {@code dns} (temporary DNS failure).
 * {@link #reply()} is a locally generated reply carrying the status for a delivery status notification.
 */
public class MxLookupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final boolean permanent;
    private final transient SmtpReply reply;

    public MxLookupException(String reason, boolean permanent, SmtpReply reply, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.permanent = permanent;
        this.reply = reply;
    }

    /** {@code null-mx}, {@code no-mx}, {@code bad-domain} or {@code dns}. */
    public String reason() {
        return reason;
    }

    /** Whether looking again later cannot help. */
    public boolean permanent() {
        return permanent;
    }

    /** A generated reply such as {@code 556 5.1.10}, {@code 550 5.4.4} or {@code 451 4.4.3}. */
    public SmtpReply reply() {
        return reply;
    }
}
