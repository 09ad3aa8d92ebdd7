package dev.mailroom.agenthost.agents;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.InboundEmail;
import io.smallrye.mutiny.Uni;

/** Test agent: changes its state and replies, then always fails, so none of it may be committed. */
@AgentClass("Failing")
@ApplicationScoped
public class FailingAgent implements Agent {

    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public Uni<Void> onEmail(InboundEmail email, AgentContext ctx) {
        calls.incrementAndGet();
        ctx.state().put("touched", 1);
        ctx.reply(email, "must never leave");
        return Uni.createFrom().failure(new IllegalStateException("agent bug"));
    }

    public int calls() {
        return calls.get();
    }
}
