package dev.mailroom.egress.delivery;

/** The domain publishes a null MX (RFC 7505): it accepts no mail. Permanent, {@code 556 5.1.10}. */
public final class NullMxException extends MxLookupException {

    private static final long serialVersionUID = 1L;

    public NullMxException(String domain) {
        super("null-mx", true, new SmtpReply(556, "5.1.10", "Recipient address has null MX"),
                "556 5.1.10 domain " + domain + " has a null MX: it accepts no mail", null);
    }
}
