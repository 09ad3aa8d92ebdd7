package dev.mailroom.ingress.smtp;

import org.subethamail.smtp.RejectException;

/**
 * The one type for every SMTP-facing decision: what the client is told (code, enhanced code, generic text) and, for
 * logs and metrics only, why and who decided. Clients never see the internal reason.
 *
 * @param code         SMTP reply code
 * @param enhancedCode RFC 3463 enhanced status code
 * @param clientText   generic text sent to the client
 * @param reason       internal, machine-readable reason (logs, metrics, events)
 * @param decidedBy    the component that decided
 */
public record SmtpOutcome(int code, String enhancedCode, String clientText, String reason, String decidedBy) {

    public static SmtpOutcome accept(String decidedBy) {
        return new SmtpOutcome(250, "2.0.0", "OK", "accepted", decidedBy);
    }

    public static SmtpOutcome relayDenied(String decidedBy) {
        return new SmtpOutcome(550, "5.7.1", "Relay access denied", "relay-denied", decidedBy);
    }

    public static SmtpOutcome badRecipientSyntax(String decidedBy) {
        return new SmtpOutcome(501, "5.1.3", "Bad recipient address syntax", "bad-recipient-syntax", decidedBy);
    }

    public static SmtpOutcome tooManyRecipients(String decidedBy) {
        return new SmtpOutcome(452, "4.5.3", "Too many recipients", "too-many-recipients", decidedBy);
    }

    public static SmtpOutcome storageUnavailable(String decidedBy, String reason) {
        return new SmtpOutcome(451, "4.3.0", "Temporary failure, please try again later", reason, decidedBy);
    }

    public boolean accepted() {
        return code >= 200 && code < 300;
    }

    public boolean temporary() {
        return code >= 400 && code < 500;
    }

    /** The reply line sent to the client, without the code. */
    public String replyText() {
        return enhancedCode + " " + clientText;
    }

    /** Turns a refusal into the exception SubEthaSMTP answers with. */
    public RejectException toRejectException() {
        if (accepted()) {
            throw new IllegalStateException("an accepting outcome is not a rejection");
        }
        return new RejectException(code, replyText());
    }
}
