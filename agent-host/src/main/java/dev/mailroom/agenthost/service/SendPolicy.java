package dev.mailroom.agenthost.service;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.config.AgentHostConfig.SendPolicyKind;
import dev.mailroom.agent.Outgoing;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.mail.address.AddrSpec;
import io.smallrye.mutiny.Uni;

/**
 * Decides whether an agent's message may leave now or must wait for a person's approval, from its class's
 * configuration ({@code mailroom.agents."<Class>".*}). Enforced where effects are committed, never left to the agent:
 * a refused message becomes a draft with the reason, and an {@code agent.send-held} event.
 */
@ApplicationScoped
public class SendPolicy {

    private final AgentHostConfig config;

    public SendPolicy(AgentHostConfig config) {
        this.config = config;
    }

    /** A reply's message after the Reply-To rule; {@code ignored} names the Reply-To not followed, else null. */
    public record ReplyTo(Outgoing message, String ignored) {
    }

    /**
     * The Reply-To rule: a reply to {@code current} that goes to its Reply-To (the agent did not choose other
     * recipients) is sent to its From instead when the Reply-To names an address the instance has never exchanged
     * mail with, unless the class allows it ({@code follow-reply-to-outside-correspondents}). A Reply-To lets any
     * sender point the agent's answer at a third party.
     */
    Uni<ReplyTo> replyTo(String className, Outgoing message, RoutedEmail current, Correspondents correspondents) {
        AgentHostConfig.AgentClassConfig c = config.agents().get(className);
        if (current == null || !current.id().equals(message.parentId()) || current.message().replyTo().isEmpty()
                || (c != null && c.followReplyToOutsideCorrespondents())
                || !message.to().equals(current.replyRecipients())) {
            return Uni.createFrom().item(new ReplyTo(message, null));
        }
        EmailAddress from = current.message().from();
        List<EmailAddress> fallback = from != null ? List.of(from)
                : current.mailFrom() == null || current.mailFrom().isEmpty() ? List.of()
                        : List.of(EmailAddress.of(current.mailFrom()));
        List<String> replyTo = current.message().replyTo().stream()
                .map(a -> a.address().toLowerCase(Locale.ROOT)).toList();
        return correspondents.known(replyTo).map(known -> {
            String outside = replyTo.stream().filter(a -> !known.contains(a)).findFirst().orElse(null);
            if (outside == null || fallback.isEmpty()) {
                return new ReplyTo(message, null);
            }
            return new ReplyTo(message.withTo(fallback), outside);
        });
    }

    /** Null when {@code request} may be sent, else why it must be approved first. */
    Uni<String> refusal(String className, OutboundRequest request, Correspondents correspondents) {
        AgentHostConfig.AgentClassConfig c = config.agents().get(className);
        if (c == null) {
            return Uni.createFrom().nullItem();
        }
        List<String> recipients = request.allRecipients().stream()
                .map(a -> a.address().toLowerCase(Locale.ROOT)).toList();
        String fixed = decide(c.sendPolicy(), c.approvedRecipients().orElse(List.of()), recipients);
        if (fixed != null || !c.firstContactNeedsApproval()) {
            return Uni.createFrom().item(fixed);
        }
        return correspondents.known(recipients).map(known -> firstContact(recipients, known));
    }

    /** The refusal of the policy kind alone: {@code drafts-only} or the first recipient not approved. */
    static String decide(SendPolicyKind kind, List<String> approved, List<String> recipients) {
        return switch (kind) {
            case AUTONOMOUS -> null;
            case DRAFTS_ONLY -> "drafts-only: the class sends nothing without approval";
            case APPROVED_RECIPIENTS -> recipients.stream().filter(r -> !approved(approved, r)).findFirst()
                    .map(r -> "recipient-not-approved: " + r).orElse(null);
        };
    }

    /** The refusal of the first-contact rule: the first recipient never written to nor heard from. */
    static String firstContact(List<String> recipients, Set<String> known) {
        return recipients.stream().filter(r -> !known.contains(r)).findFirst()
                .map(r -> "new-correspondent: " + r).orElse(null);
    }

    static boolean approved(List<String> approved, String recipient) {
        String domain = AddrSpec.split(recipient).map(AddrSpec::domain).orElse(recipient);
        for (String entry : approved) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.equals(recipient) || e.equals("@" + domain) || e.equals("*@" + domain)) {
                return true;
            }
        }
        return false;
    }
}
