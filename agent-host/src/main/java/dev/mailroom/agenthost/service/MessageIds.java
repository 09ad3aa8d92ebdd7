package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.token.ReplyToken;
import dev.mailroom.platform.token.ReplyTokenConfig;
import io.quarkus.logging.Log;

/**
 * Mints the Message-ID of every message an agent sends, where the send is decided (ADR 0025): a signed reply token
 * ({@link ReplyToken}) naming the instance, bound to the first To address (the correspondent) unless
 * {@code mailroom.reply-token.bind-correspondent=false}, issued at a time taken from the cause (the routed record's
 * {@code receivedAt}, the schedule's due time, the draft's creation), so a re-run of one cause mints the same
 * Message-ID. Without a signing key: {@code <send id>@<from domain>} (replies then route by address only). The
 * Message-ID travels on the request (egress sends it) and is recorded in the history with it, in one transaction.
 */
@ApplicationScoped
public class MessageIds {

    private final ReplyToken.Keys keys;
    private final boolean bind;

    @Inject
    public MessageIds(ReplyTokenConfig config) {
        this(config.toKeys(), config.bindCorrespondent());
        if (!keys.canSign()) {
            Log.warn("no reply-token signing key (mailroom.reply-token.signing-key): agent mail gets plain"
                    + " Message-IDs, replies route by address only");
        }
    }

    MessageIds(ReplyToken.Keys keys, boolean bind) {
        this.keys = keys;
        this.bind = bind;
    }

    /** {@code request} with its Message-ID, issued at {@code issued}. */
    OutboundRequest mint(OutboundRequest request, Instant issued) {
        return request.withMessageId(messageId(request.id(), request.agent(), request.from(), request.to(), issued));
    }

    /**
     * The Message-ID (without angle brackets) of send {@code sendId} by {@code agent} from {@code from} to
     * {@code to}: a pure function of its arguments.
     */
    String messageId(String sendId, AgentRef agent, EmailAddress from, List<EmailAddress> to, Instant issued) {
        String domain = from.domain().isEmpty() ? "mailroom.localhost" : from.domain().toLowerCase(Locale.ROOT);
        if (agent == null || !keys.canSign()) {
            return sendId + "@" + domain;
        }
        String correspondent = bind && !to.isEmpty() ? to.get(0).address() : null;
        return ReplyToken.sign(keys, agent, domain, correspondent, issued);
    }

    /**
     * The request an approved draft sends: {@code edited} keeps the draft's Message-ID ({@code held}'s, shown by the
     * drafts API) unless the approver changed the address the token is bound to (the first To), or the draft has
     * none (held before ADR 0025); then a Message-ID is minted, issued at {@code draftCreated}. A draft is in no
     * history before it is approved, so no recorded message ever named the replaced Message-ID.
     */
    OutboundRequest approved(OutboundRequest held, OutboundRequest edited, Instant draftCreated) {
        boolean rebound = !firstTo(held).equals(firstTo(edited));
        if (held.messageId() != null && !rebound) {
            return edited.withMessageId(held.messageId());
        }
        return mint(edited, draftCreated);
    }

    private static String firstTo(OutboundRequest r) {
        return r.to().isEmpty() ? "" : r.to().get(0).address().toLowerCase(Locale.ROOT);
    }
}
