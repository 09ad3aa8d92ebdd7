package dev.mailroom.mailbox.model;

import java.util.Locale;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Ids;

/**
 * The mailbox of one address: id {@code Ids.derived("mailbox", address)} over the lower-case addr-spec, its domain
 * (the tenant scope) and the agent instance owning it, if any.
 */
public record MailboxRef(String id, String address, String domain, String agentClass, String agentInstance) {

    /** The mailbox of {@code address} (any case), owned by {@code agent} (may be null). */
    public static MailboxRef of(String address, AgentRef agent) {
        String lower = address.trim().toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        String domain = at < 0 ? "" : lower.substring(at + 1);
        return new MailboxRef(Ids.derived("mailbox", lower), lower, domain,
                agent == null ? null : agent.className(), agent == null ? null : agent.instance());
    }

    /** The id of the thread rooted at {@code root} in this mailbox. */
    public String threadId(String root) {
        return Ids.derived("thread", id, root);
    }
}
