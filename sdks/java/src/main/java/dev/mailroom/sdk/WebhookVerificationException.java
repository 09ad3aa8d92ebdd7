package dev.mailroom.sdk;

/**
 * A webhook request that must not be trusted: {@link #reason()} is one of {@code missing-headers},
 * {@code bad-timestamp}, {@code timestamp-too-old}, {@code timestamp-too-new}, {@code bad-secret},
 * {@code no-matching-signature}, {@code malformed-body}.
 */
public class WebhookVerificationException extends MailroomException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public WebhookVerificationException(String reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
