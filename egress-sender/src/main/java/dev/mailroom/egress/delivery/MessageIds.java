package dev.mailroom.egress.delivery;

import java.util.List;

import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.mime.InvalidMessageException;
import dev.mailroom.mail.mime.MimeBuilder;
import dev.mailroom.mail.mime.Violation;

/**
 * Message-IDs of outbound mail. The producer of a request mints its Message-ID where it decides the send (ADR 0025):
 * agent-host a signed reply token for agent mail, the REST API {@code <send id>@<from domain>} when it accepts a
 * request; egress sends that one. A request without one (another producer on the topic) gets the same plain form
 * here, never a reply token (only agent-host knows the agent and its keys). Pure.
 */
public final class MessageIds {

    /** The JSON field a Message-ID problem is reported on. */
    public static final String FIELD = "message_id";

    private MessageIds() {
    }

    /**
     * The plain Message-ID of send {@code sendId} from {@code domain}, without angle brackets: unique because send ids
     * are, and the same for every attempt and redelivery of one send.
     */
    public static String plain(String sendId, String domain) {
        return sendId + "@" + (domain == null || domain.isEmpty() ? "mailroom.localhost" : domain);
    }

    /**
     * The Message-ID of {@code request}, with angle brackets: its own, else {@link #plain}.
     *
     * @throws InvalidMessageException when the request's Message-ID is not a valid {@code msg-id} (it came from a
     *                                 producer: the request is dead-lettered like any other invalid field)
     */
    public static String messageId(OutboundRequest request) {
        String own = request.messageId();
        if (own == null) {
            return "<" + plain(request.id(), request.from().domain()) + ">";
        }
        String problem = MimeBuilder.idProblem(own, false);
        if (problem != null) {
            throw new InvalidMessageException(List.of(new Violation(FIELD, problem)));
        }
        String bare = own.strip();
        return bare.startsWith("<") ? bare : "<" + bare + ">";
    }
}
