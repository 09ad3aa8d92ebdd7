package dev.mailroom.agenthost.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.mailroom.contract.Ids;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.mail.token.ReplyToken;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;

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
 * The two lookups are part of the statement that opens the instance ({@code AgentSql.open}); this class decides.
 */
final class ThreadResolver {

    private ThreadResolver() {
    }

    /**
     * The thread id of {@code routed}: {@code parentThread} (by Message-ID), else {@code tokenThread} (by the reply
     * token's second), else a new one (created with the message's history row).
     */
    static String threadOf(RoutedEmail routed, String parentThread, String tokenThread) {
        if (parentThread != null) {
            return parentThread;
        }
        if (tokenThread != null) {
            return tokenThread;
        }
        String root = routed.message().threadId() != null ? routed.message().threadId()
                : routed.message().messageId() != null ? routed.message().messageId() : routed.id();
        return Ids.derived(routed.agent().key(), "thread", root);
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

    /** The reply token's issue second among {@code parents} when the router verified it, else null. */
    static Long tokenIssueSecond(RoutedEmail routed, List<String> parents) {
        return Route.BY_REPLY_TOKEN.equals(routed.route().by()) && routed.route().verified()
                ? tokenIssueSecond(parents) : null;
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
