package dev.mailroom.agenthost.agents;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.HistoryMessage;
import dev.mailroom.agent.InboundEmail;
import dev.mailroom.agent.Outgoing;
import dev.mailroom.agenthost.config.AgentHostConfig;
import io.smallrye.mutiny.Uni;

/**
 * Example support desk (address name {@code support}, one instance per ticket: {@code support+ticket-1@domain}).
 * Acknowledges every message a person writes at once, in its thread, and schedules a follow-up
 * ({@code mailroom.examples.support-follow-up}, default 1 h). When the follow-up is due it is sent only if the
 * correspondent has not written again since (the newer message has its own follow-up). Automatic mail is recorded,
 * never answered.
 */
@AgentClass("Support")
@ApplicationScoped
public class SupportAgent implements Agent {

    private final AgentHostConfig config;

    public SupportAgent(AgentHostConfig config) {
        this.config = config;
    }

    @Override
    public Uni<Void> onEmail(InboundEmail email, AgentContext ctx) {
        long messages = ctx.state().getLong("messages", 0) + 1;
        ctx.state().put("messages", messages);
        if (email.isAutomatic() || email.replyRecipients().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ctx.state().put("last_inbound", email.id());
        ctx.reply(email, "Hello,\r\n\r\nthank you for writing to us. Your request is ticket "
                + ctx.self().instance() + "; we will come back to you.\r\n\r\nMailroom support\r\n");
        ctx.schedule(config.examples().supportFollowUp(), Map.of("follow_up", email.id()));
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> onSchedule(JsonNode payload, AgentContext ctx) {
        String about = payload.path("follow_up").asText();
        if (!about.equals(ctx.state().getString("last_inbound", null))) {
            return Uni.createFrom().voidItem(); // the correspondent wrote again: that message has its own follow-up
        }
        return ctx.history().invoke(history -> {
            HistoryMessage message = history.message(about).orElse(null);
            if (message == null || message.replyTo().isEmpty()) {
                return; // beyond the history limit or nobody to answer: nothing to follow up
            }
            ctx.state().put("follow_ups", ctx.state().getLong("follow_ups", 0) + 1);
            ctx.send(Outgoing.replyTo(message).withText("Hello again,\r\n\r\nwe are still on ticket "
                    + ctx.self().instance() + ". Reply to this message if anything has changed.\r\n\r\n"
                    + "Mailroom support\r\n"));
        }).replaceWithVoid();
    }
}
