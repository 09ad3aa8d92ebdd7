package dev.mailroom.agenthost.agents;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.InboundEmail;
import io.smallrye.mutiny.Uni;

/**
 * The built-in echo agent (address name {@code echo}): counts the messages each instance has received, in its
 * durable state, and answers each with {@code instance=<instance> count=<n>} followed by the quoted text. Automatic
 * mail (auto-replies, bulk, lists, bounces) is counted but never answered: two robots must not echo each other.
 */
@AgentClass("Echo")
@ApplicationScoped
public class EchoAgent implements Agent {

    @Override
    public Uni<Void> onEmail(InboundEmail email, AgentContext ctx) {
        long count = ctx.state().getLong("count", 0) + 1;
        ctx.state().put("count", count);
        if (!email.isAutomatic() && !email.replyRecipients().isEmpty()) {
            ctx.reply(email, body(ctx.self().instance(), count, email.text()));
        }
        return Uni.createFrom().voidItem();
    }

    static String body(String instance, long count, String text) {
        StringBuilder b = new StringBuilder();
        b.append("instance=").append(instance).append(" count=").append(count).append("\r\n");
        if (text != null && !text.isBlank()) {
            b.append("\r\n");
            // no quoted line ends in white space ("> " for a blank line): such a line would make egress send the
            // whole reply quoted-printable, "instance=t1" as "instance=3Dt1"
            text.lines().limit(200).forEach(line -> b.append(("> " + line).stripTrailing()).append("\r\n"));
        }
        return b.toString();
    }
}
