package dev.mailroom.egress.delivery;

import java.util.Map;

/**
 * What a server answered in one transaction that reached the point where every recipient has an answer.
 *
 * @param host the {@code host:port} actually used
 * @param tls whether the session was protected with STARTTLS
 * @param recipientReplies each recipient's RCPT reply, in the order sent, for the recipients that got one
 * @param finalReply the reply ending the transaction: to the end of data, or to {@code DATA} itself when the server
 *        refused it; {@code null} when no recipient was accepted (DATA not sent)
 */
public record TransactionResult(String host, boolean tls, Map<String, SmtpReply> recipientReplies,
        SmtpReply finalReply) {

    public TransactionResult {
        recipientReplies = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(recipientReplies));
    }

    /**
     * The effective reply for one recipient: its RCPT reply if that was negative, else the final reply; {@code null}
     * if the recipient got no reply.
     */
    public SmtpReply replyFor(String rcpt) {
        SmtpReply r = recipientReplies.get(rcpt);
        if (r == null) {
            return null;
        }
        return r.positive() ? finalReply : r;
    }
}
