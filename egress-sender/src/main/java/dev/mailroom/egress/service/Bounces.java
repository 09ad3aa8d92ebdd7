package dev.mailroom.egress.service;

import dev.mailroom.egress.delivery.SmtpReply;
import dev.mailroom.mail.dsn.Dsn;

/** Which bounces say the address itself is bad, so it goes on the suppression list. Shared by SMTP and DSN paths. */
public final class Bounces {

    private Bounces() {
    }

    /**
     * A bounce that says the address itself is bad: RFC 3463 class X.1.x with a permanent code (bad mailbox, bad
     * domain, null MX), or — without an enhanced code — a legacy 550/551/553. Policy and content refusals (5.7.x,
     * 5.6.x…) and anything temporary do not suppress.
     *
     * @param enhancedCode the RFC 3463 code ({@code 5.1.1}), or {@code null}
     * @param basicCode    the SMTP reply code, or 0 when unknown
     */
    public static boolean hardBounce(String enhancedCode, int basicCode) {
        if (enhancedCode != null) {
            return enhancedCode.startsWith("5.1.");
        }
        return basicCode == 550 || basicCode == 551 || basicCode == 553;
    }

    /**
     * {@link #hardBounce(String, int)} for a failed DSN recipient. Its {@code Status} decides, except when it is
     * missing or only the generic {@code X.0.0} (Exim, for one, reports {@code 5.0.0} whatever the remote said):
     * then the remote's reply in an {@code smtp} {@code Diagnostic-Code} decides, exactly as it would have at RCPT
     * time ({@code 550 5.1.1} suppresses, a bare {@code 550} too, {@code 550 5.7.1} does not).
     */
    public static boolean hardBounce(Dsn.Recipient recipient) {
        String status = recipient.status();
        if ((status == null || status.endsWith(".0.0")) && recipient.smtpCode() != 0) {
            return hardBounce(recipient.smtpEnhancedCode(), recipient.smtpCode());
        }
        return status != null && hardBounce(status, 0);
    }

    /** {@link #hardBounce(String, int)} for an SMTP reply; false for {@code null}. */
    public static boolean hardBounce(SmtpReply reply) {
        return reply != null && hardBounce(reply.enhancedCode(), reply.code());
    }
}
