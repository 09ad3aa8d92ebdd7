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

    /** RCPT for a local part that no agent answers to, when no catch-all is configured. */
    public static SmtpOutcome unknownLocalPart(String decidedBy) {
        return new SmtpOutcome(550, "5.1.1", "Recipient address rejected: User unknown", "unknown-local-part",
                decidedBy);
    }

    public static SmtpOutcome badRecipientSyntax(String decidedBy) {
        return new SmtpOutcome(501, "5.1.3", "Bad recipient address syntax", "bad-recipient-syntax", decidedBy);
    }

    public static SmtpOutcome tooManyRecipients(String decidedBy) {
        return new SmtpOutcome(452, "4.5.3", "Too many recipients", "too-many-recipients", decidedBy);
    }

    /**
     * Over a connection limit, answered before the greeting and followed by closing the connection.
     *
     * @param reason {@code too-many-connections} or {@code too-many-connections-per-ip}
     */
    public static SmtpOutcome tooManyConnections(String decidedBy, String reason) {
        return new SmtpOutcome(421, "4.7.0", "Too many connections, try again later", reason, decidedBy);
    }

    /** Over {@code max-commands-before-mail}: the session is closed. */
    public static SmtpOutcome tooManyCommands(String decidedBy) {
        return new SmtpOutcome(421, "4.7.0", "Too many commands before MAIL, closing connection",
                "too-many-commands", decidedBy);
    }

    public static SmtpOutcome storageUnavailable(String decidedBy, String reason) {
        return new SmtpOutcome(451, "4.3.0", "Temporary failure, please try again later", reason, decidedBy);
    }

    public static SmtpOutcome messageTooLarge(String decidedBy) {
        return new SmtpOutcome(552, "5.3.4", "Message size exceeds fixed maximum message size", "too-large",
                decidedBy);
    }

    /**
     * A CR not followed by LF, or an LF not preceded by CR, in the message content: the SMTP smuggling family
     * (CVE-2023-51764). Refused, never normalised (docs/adr/0006-smtp-smuggling.md).
     *
     * @param reason {@code bare-cr} or {@code bare-lf}
     */
    public static SmtpOutcome bareLineEnding(String decidedBy, String reason) {
        return new SmtpOutcome(554, "5.6.0", "Message contains bare CR or LF", reason, decidedBy);
    }

    public static SmtpOutcome nulByte(String decidedBy) {
        return new SmtpOutcome(554, "5.6.0", "Message contains NUL characters", "nul-byte", decidedBy);
    }

    /** A header line longer than 998 octets (RFC 5322 section 2.1.1). */
    public static SmtpOutcome headerLineTooLong(String decidedBy) {
        return new SmtpOutcome(554, "5.6.0", "Message header line too long", "header-line-too-long", decidedBy);
    }

    /** Octets above 127 when MAIL FROM declared neither {@code BODY=8BITMIME} nor {@code SMTPUTF8}. */
    public static SmtpOutcome eightBitNotDeclared(String decidedBy) {
        return new SmtpOutcome(554, "5.6.1", "Eight-bit data not allowed without BODY=8BITMIME",
                "8bit-undeclared", decidedBy);
    }

    /** Submission: MAIL, RCPT, DATA or AUTH before STARTTLS (RFC 3207 section 4). */
    public static SmtpOutcome tlsRequired(String decidedBy) {
        return new SmtpOutcome(530, "5.7.0", "Must issue a STARTTLS command first", "tls-required", decidedBy);
    }

    /** Submission: MAIL before a successful AUTH (RFC 4954 section 6). */
    public static SmtpOutcome authenticationRequired(String decidedBy) {
        return new SmtpOutcome(530, "5.7.0", "Authentication required", "auth-required", decidedBy);
    }

    /** Submission: the API key was refused by egress-sender. */
    public static SmtpOutcome authenticationInvalid(String decidedBy) {
        return new SmtpOutcome(535, "5.7.8", "Authentication credentials invalid", "auth-invalid", decidedBy);
    }

    /** Submission: the API key could not be verified now (egress-sender unreachable); the client retries. */
    public static SmtpOutcome authenticationUnavailable(String decidedBy) {
        return new SmtpOutcome(454, "4.7.0", "Temporary authentication failure", "auth-unavailable", decidedBy);
    }

    /** Submission: an AUTH response that is not base64 or not of the mechanism's shape. */
    public static SmtpOutcome authenticationSyntax(String decidedBy) {
        return new SmtpOutcome(501, "5.5.2", "Cannot decode response", "auth-syntax", decidedBy);
    }

    /** Submission: MAIL FROM outside the authenticated key's domains. */
    public static SmtpOutcome senderNotAllowed(String decidedBy) {
        return new SmtpOutcome(553, "5.7.1", "Sender address not allowed for this key", "sender-not-allowed",
                decidedBy);
    }

    /**
     * A PROXY protocol header that is required but missing or malformed (trusted proxy), or sent by a peer that is
     * not a trusted proxy; the connection is then closed.
     */
    public static SmtpOutcome proxyHeaderRefused(String decidedBy) {
        return new SmtpOutcome(501, "5.5.4", "Syntax error in PROXY protocol header", "proxy-header-refused",
                decidedBy);
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
