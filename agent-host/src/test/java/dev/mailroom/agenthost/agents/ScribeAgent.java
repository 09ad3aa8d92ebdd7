package dev.mailroom.agenthost.agents;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.Conversation;
import dev.mailroom.agent.InboundEmail;
import dev.mailroom.agent.Outgoing;
import io.smallrye.mutiny.Uni;

/**
 * Test agent driven by the subject: {@code history} replies with its thread ({@code thread=<id> seq=IN,OUT,...}),
 * {@code send <address>} starts a new thread, {@code draft} drafts a reply, {@code later} schedules a follow-up,
 * {@code later-fail} schedules one that throws; anything else is answered with {@code ok}.
 */
@AgentClass("Scribe")
@ApplicationScoped
public class ScribeAgent implements Agent {

    @Override
    public Uni<Void> onEmail(InboundEmail email, AgentContext ctx) {
        String subject = email.subject();
        if (subject.startsWith("history")) {
            return ctx.history().invoke(h -> {
                Conversation thread = h.thread(ctx.threadId()).orElseThrow();
                ctx.reply(email, "thread=" + thread.id() + " seq=" + thread.messages().stream()
                        .map(m -> m.direction().name()).collect(Collectors.joining(",")) + " threads="
                        + h.threads().size());
            }).replaceWithVoid();
        }
        if (subject.startsWith("send ")) {
            ctx.send(Outgoing.to(subject.substring(5).strip()).withSubject("news").withText("hello"));
        } else if (subject.startsWith("draft")) {
            ctx.draft(Outgoing.replyTo(email).withText("proposed answer"));
        } else if (subject.startsWith("later")) {
            ctx.reply(email, "ack");
            ctx.schedule(Duration.ZERO, Map.of("answer", email.id(), "fail", subject.equals("later-fail")));
        } else {
            ctx.reply(email, "ok");
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> onSchedule(JsonNode payload, AgentContext ctx) {
        if (payload.path("fail").asBoolean()) {
            return Uni.createFrom().failure(new IllegalStateException("schedule bug"));
        }
        ctx.state().put("fired", ctx.state().getLong("fired", 0) + 1);
        return ctx.history().invoke(h -> ctx.send(Outgoing.replyTo(h.message(payload.get("answer").asText())
                .orElseThrow()).withText("follow-up in thread " + ctx.threadId()))).replaceWithVoid();
    }
}
