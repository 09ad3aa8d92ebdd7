package dev.mailroom.agenthost.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.mailroom.contract.Ids;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.RoutedEmail;

/**
 * Finds the thread of an inbound message among its instance's messages, by exact Message-ID only (ADR 0025):
 * <ol>
 * <li>the thread of the newest recorded message (inbound, or outbound: agent-host records the Message-ID it mints
 * for every send) whose Message-ID is the In-Reply-To or one of the References;</li>
 * <li>otherwise a new thread, its id derived from the instance and the thread's root Message-ID, so a redelivery
 * finds the same id.</li>
 * </ol>
 * The lookup is part of the statement that opens the instance ({@code AgentSql.open}); this class decides.
 */
final class ThreadResolver {

    private ThreadResolver() {
    }

    /** The thread id of {@code routed}: {@code parentThread} (by Message-ID), else a new one. */
    static String threadOf(RoutedEmail routed, String parentThread) {
        if (parentThread != null) {
            return parentThread;
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
}
