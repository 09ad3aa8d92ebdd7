package dev.mailroom.egress.delivery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transaction that did not reach the point where every recipient has an answer: network error, time-out,
 * protocol violation, negative reply before the recipients, or a local policy decision.
 *
 * <p>{@link #stage()} is one of {@value #CONNECT}, {@value #GREETING}, {@value #EHLO}, {@value #STARTTLS},
 * {@value #AUTH}, {@value #MAIL}, {@value #RCPT}, {@value #DATA} (DATA command or sending the message) and
 * {@value #DATA_END} (waiting for the reply after the final dot: the message may have been delivered).
 */
public final class SmtpFailure extends RuntimeException {

    public static final String CONNECT = "connect";
    public static final String GREETING = "greeting";
    public static final String EHLO = "ehlo";
    public static final String STARTTLS = "starttls";
    public static final String AUTH = "auth";
    public static final String MAIL = "mail";
    public static final String RCPT = "rcpt";
    public static final String DATA = "data";
    public static final String DATA_END = "data-end";

    private static final long serialVersionUID = 1L;

    private final String stage;
    private final boolean permanent;
    private final transient SmtpReply reply;
    private final String host;
    private final transient Map<String, SmtpReply> recipientReplies;

    /**
     * @param stage where it failed
     * @param permanent whether trying again cannot help
     * @param reply the server's reply that caused it, a reply generated locally for a policy decision, or
     *        {@code null} (network errors, time-outs)
     * @param host {@code host:port}, or {@code null} when unknown
     * @param detail what happened, never containing credentials
     * @param cause the underlying exception, or {@code null}
     */
    public SmtpFailure(String stage, boolean permanent, SmtpReply reply, String host, String detail,
            Throwable cause) {
        this(stage, permanent, reply, host, detail, cause, Map.of());
    }

    private SmtpFailure(String stage, boolean permanent, SmtpReply reply, String host, String detail,
            Throwable cause, Map<String, SmtpReply> recipientReplies) {
        super(detail, cause);
        this.stage = stage;
        this.permanent = permanent;
        this.reply = reply;
        this.host = host;
        this.recipientReplies = Collections.unmodifiableMap(new LinkedHashMap<>(recipientReplies));
    }

    /** Whether trying again (later or elsewhere) cannot help. */
    public boolean permanent() {
        return permanent;
    }

    /** The reply behind the failure; {@code null} for network errors and time-outs. */
    public SmtpReply reply() {
        return reply;
    }

    /** Where the transaction failed; see the class comment. */
    public String stage() {
        return stage;
    }

    /** The {@code host:port} of the server, or {@code null}. */
    public String host() {
        return host;
    }

    /** RCPT replies received before the failure (stages {@value #RCPT} and later), in the order sent. */
    public Map<String, SmtpReply> recipientReplies() {
        return recipientReplies;
    }

    SmtpFailure withRecipientReplies(Map<String, SmtpReply> replies) {
        return new SmtpFailure(stage, permanent, reply, host, detail(), getCause(), replies);
    }

    @Override
    public String getMessage() {
        return stage + (host == null ? "" : " at " + host) + ": " + super.getMessage();
    }

    /** The detail without stage and host. */
    public String detail() {
        return super.getMessage();
    }
}
