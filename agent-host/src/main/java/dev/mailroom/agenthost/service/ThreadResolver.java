package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentMessage;
import dev.mailroom.agenthost.repository.AgentMessageRepository;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.ReplyToken;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import io.smallrye.mutiny.Uni;

/**
 * Finds the thread of an inbound message among its instance's messages, in this order:
 * <ol>
 * <li>a recorded message whose Message-ID is the In-Reply-To or one of the References (newest first);</li>
 * <li>when the router verified a reply token (route {@code reply-token}): the instance's outbound message requested
 * in the second the token was issued (egress names agent mail with a token issued at the request time, which this
 * host never sees, so the issue time is the link);</li>
 * <li>otherwise a new thread, its id derived from the instance and the thread's root Message-ID, so a redelivery
 * finds the same id.</li>
 * </ol>
 */
@ApplicationScoped
public class ThreadResolver {

    private final AgentMessageRepository messages;
    private final HistoryStore history;

    public ThreadResolver(AgentMessageRepository messages, HistoryStore history) {
        this.messages = messages;
        this.history = history;
    }

    /** The thread id of {@code routed}, creating the thread when it is new. */
    public Uni<String> resolve(RoutedEmail routed, Instant now) {
        String agentKey = routed.agent().key();
        List<String> parents = parents(routed.message());
        Uni<AgentMessage> known = parents.isEmpty() ? Uni.createFrom().nullItem()
                : messages.newestWithMessageId(agentKey, parents);
        return known.chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found.threadId);
            }
            Long issued = Route.BY_REPLY_TOKEN.equals(routed.route().by()) && routed.route().verified()
                    ? tokenIssueSecond(parents) : null;
            Uni<AgentMessage> byToken = issued == null ? Uni.createFrom().nullItem()
                    : messages.newestOutboundBetween(agentKey, Instant.ofEpochSecond(issued),
                            Instant.ofEpochSecond(issued + 1));
            return byToken.chain(sent -> {
                if (sent != null) {
                    return Uni.createFrom().item(sent.threadId);
                }
                String root = routed.message().threadId() != null ? routed.message().threadId()
                        : routed.message().messageId() != null ? routed.message().messageId() : routed.id();
                String id = Ids.derived(agentKey, "thread", root);
                return history.ensureThread(id, agentKey, routed.message().subject(), now).replaceWith(id);
            });
        });
    }

    /** In-Reply-To, then References newest first, without repeats. */
    static List<String> parents(ParsedMessage m) {
        Set<String> out = new LinkedHashSet<>(m.inReplyTo());
        List<String> refs = new ArrayList<>(m.references());
        for (int i = refs.size() - 1; i >= 0; i--) {
            out.add(refs.get(i));
        }
        out.remove(null);
        return List.copyOf(out);
    }

    /**
     * The issue time (epoch seconds) of the first reply token among {@code ids}, or null. Reads the field only; the
     * router verified the signature before it set the route.
     */
    static Long tokenIssueSecond(List<String> ids) {
        for (String id : ids) {
            if (!ReplyToken.looksLikeToken(id) || id.indexOf('@') < 0) {
                continue;
            }
            String[] f = id.substring(0, id.lastIndexOf('@')).split("\\.", -1);
            if (f.length == 7) {
                try {
                    return Long.parseLong(f[5], 36);
                } catch (NumberFormatException e) {
                    // not a token after all: try the next one
                }
            }
        }
        return null;
    }
}
