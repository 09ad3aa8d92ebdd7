package dev.mailroom.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One inbound message for one agent instance: the value of {@link Topics#INBOUND_ROUTED}, keyed by
 * {@link AgentRef#key()}. A message to three agents becomes three routed records.
 *
 * @param v          schema version, {@link #VERSION}
 * @param id         routed id: {@code <inboundId>.<recipient index>}; the same raw record always yields the same ids,
 *                   which is what lets consumers deduplicate
 * @param inboundId  id of the raw message
 * @param recipient  the envelope recipient this record is for, as given in RCPT TO
 * @param agent      the agent instance that owns the message
 * @param route      how the instance was chosen
 * @param mailFrom   envelope reverse path ({@code ""} for the null sender)
 * @param clientIp   SMTP client address
 * @param receivedAt when ingress-smtp accepted the message
 * @param message    the parsed message
 * @param authentication SPF, DKIM and DMARC verdicts; null when not checked
 */
public record RoutedEmail(int v, String id, String inboundId, String recipient, AgentRef agent, Route route,
        String mailFrom, String clientIp, Instant receivedAt, ParsedMessage message, Authentication authentication) {

    /** A routed record without authentication verdicts. */
    public RoutedEmail(int v, String id, String inboundId, String recipient, AgentRef agent, Route route,
            String mailFrom, String clientIp, Instant receivedAt, ParsedMessage message) {
        this(v, id, inboundId, recipient, agent, route, mailFrom, clientIp, receivedAt, message, null);
    }

    public static final int VERSION = 1;

    public RoutedEmail {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(message, "message");
    }

    /** The routed id of the {@code index}-th envelope recipient of inbound message {@code inboundId}. */
    public static String idFor(String inboundId, int index) {
        return inboundId + "." + index;
    }

    /**
     * Who a reply goes to: the Reply-To mailboxes if any, else From, else the envelope sender. Empty for the null
     * sender without From (a bounce must not be answered).
     */
    @JsonIgnore
    public List<EmailAddress> replyRecipients() {
        if (!message.replyTo().isEmpty()) {
            return message.replyTo();
        }
        if (message.from() != null) {
            return List.of(message.from());
        }
        return mailFrom == null || mailFrom.isEmpty() ? List.of() : List.of(EmailAddress.of(mailFrom));
    }
}
