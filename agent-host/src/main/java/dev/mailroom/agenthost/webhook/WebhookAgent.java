package dev.mailroom.agenthost.webhook;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.InboundEmail;
import dev.mailroom.agent.Outgoing;
import dev.mailroom.agent.PermanentAgentFailure;
import dev.mailroom.agenthost.config.AgentHostConfig;
import io.smallrye.mutiny.Uni;

/**
 * An agent class served by a webhook (any language): each message and schedule is POSTed with the instance's state
 * and recent history; the answer's state, replies, sends, drafts and schedules are applied through the context, so
 * they commit like a Java agent's (send policy included). Not a bean: the registry makes one per configured class.
 */
public final class WebhookAgent implements Agent {

    private final AgentHostConfig.Webhook hook;
    private final WebhookClient client;

    public WebhookAgent(AgentHostConfig.Webhook hook, WebhookClient client) {
        this.hook = hook;
        this.client = client;
    }

    @Override
    public Uni<Void> onEmail(InboundEmail email, AgentContext ctx) {
        return ctx.history().chain(history -> client.call(hook, new WebhookWire.Request(WebhookWire.VERSION, "email",
                email.id(), ctx.self(), email.routed(), null, ctx.threadId(), ctx.state().json(), history.threads())))
                .invoke(answer -> apply(answer, email, ctx)).replaceWithVoid();
    }

    @Override
    public Uni<Void> onSchedule(JsonNode payload, AgentContext ctx) {
        return ctx.history().chain(history -> client.call(hook, new WebhookWire.Request(WebhookWire.VERSION,
                "schedule", ctx.callId(), ctx.self(), null, payload, ctx.threadId(), ctx.state().json(), history.threads())))
                .invoke(answer -> apply(answer, null, ctx)).replaceWithVoid();
    }

    /** Applies an answer; anything it cannot apply is a {@link PermanentAgentFailure} (nothing is committed). */
    static void apply(WebhookWire.Response answer, InboundEmail email, AgentContext ctx) {
        if (answer.state() != null) {
            if (!(answer.state() instanceof ObjectNode state)) {
                throw invalid("state must be a JSON object");
            }
            ctx.state().json().removeAll();
            ctx.state().json().setAll(state);
        }
        for (WebhookWire.Message m : answer.replies()) {
            ctx.send(reply(m, email, "replies"));
        }
        for (WebhookWire.Message m : answer.sends()) {
            ctx.send(message(m, "sends"));
        }
        for (WebhookWire.Message m : answer.drafts()) {
            ctx.draft(Boolean.TRUE.equals(m.reply()) ? reply(m, email, "drafts") : message(m, "drafts"));
        }
        for (WebhookWire.Schedule s : answer.schedules()) {
            if (s.at() != null) {
                ctx.schedule(s.at(), s.payload());
            } else if (s.delaySeconds() != null && s.delaySeconds() >= 0) {
                ctx.schedule(Duration.ofSeconds(s.delaySeconds()), s.payload());
            } else {
                throw invalid("a schedule needs at or delay_seconds >= 0");
            }
        }
    }

    private static Outgoing reply(WebhookWire.Message m, InboundEmail email, String field) {
        if (email == null) {
            throw invalid(field + ": there is no message to reply to in a schedule");
        }
        if (email.replyRecipients().isEmpty()) {
            throw invalid(field + ": message " + email.id() + " has no one to reply to");
        }
        Outgoing o = Outgoing.replyTo(email).withText(m.text()).withHtml(m.html());
        return m.subject() == null ? o : o.withSubject(m.subject());
    }

    private static Outgoing message(WebhookWire.Message m, String field) {
        List<String> to = m.to() == null ? List.of() : m.to();
        if (to.isEmpty() || to.stream().anyMatch(a -> a == null || a.indexOf('@') < 1)) {
            throw invalid(field + ": to must list addresses");
        }
        Outgoing o = Outgoing.to(to.toArray(String[]::new)).withSubject(m.subject()).withText(m.text())
                .withHtml(m.html());
        return m.cc() == null ? o : o.withCc(m.cc().toArray(String[]::new));
    }

    private static PermanentAgentFailure invalid(String detail) {
        return new PermanentAgentFailure("webhook-invalid: " + detail);
    }
}
