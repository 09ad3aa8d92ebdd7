package dev.mailroom.agenthost.agents;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.InboundEmail;
import dev.mailroom.agent.Outgoing;
import io.smallrye.mutiny.Uni;

/**
 * Example of a human in the loop (address name {@code drafter}): prepares an answer to every message a person
 * writes and keeps it as a draft; nothing leaves until someone approves it (optionally edited) with
 * {@code POST /v1/drafts/{id}/approve}. Automatic mail is recorded, never answered.
 */
@AgentClass("Drafter")
@ApplicationScoped
public class DrafterAgent implements Agent {

    @Override
    public Uni<Void> onEmail(InboundEmail email, AgentContext ctx) {
        ctx.state().put("received", ctx.state().getLong("received", 0) + 1);
        if (email.isAutomatic() || email.replyRecipients().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String name = email.from() != null && email.from().name() != null && !email.from().name().isBlank()
                ? email.from().name() : "there";
        ctx.draft(Outgoing.replyTo(email).withText("Hello " + name + ",\r\n\r\nthank you for your message about \""
                + email.subject() + "\".\r\n\r\n[write the answer here]\r\n"));
        ctx.state().put("drafted", ctx.state().getLong("drafted", 0) + 1);
        return Uni.createFrom().voidItem();
    }
}
