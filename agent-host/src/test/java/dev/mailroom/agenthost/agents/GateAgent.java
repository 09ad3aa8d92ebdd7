package dev.mailroom.agenthost.agents;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.InboundEmail;
import io.smallrye.mutiny.Uni;

/** Test agent: answers {@code passed}, but only once the test opens the gate; counts the calls that started. */
@AgentClass("Gate")
@ApplicationScoped
public class GateAgent implements Agent {

    private volatile CompletableFuture<Void> gate = new CompletableFuture<>();
    private final AtomicInteger started = new AtomicInteger();

    @Override
    public Uni<Void> onEmail(InboundEmail email, AgentContext ctx) {
        started.incrementAndGet();
        ctx.reply(email, "passed");
        return Uni.createFrom().completionStage(gate);
    }

    public void close() {
        gate = new CompletableFuture<>();
        started.set(0);
    }

    public void open() {
        gate.complete(null);
    }

    public int started() {
        return started.get();
    }
}
