package dev.mailroom.agenthost.agents;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.InboundEmail;
import io.smallrye.mutiny.Uni;

/**
 * Test agent: messages carry {@code n=<k>}; it answers {@code n=<k> prev=<last k seen>} and keeps the last k in its
 * state. Each call takes a few milliseconds (a timer), and the bean counts calls running at once, per instance and in
 * all, so a test can see that instances overlap and one instance never does.
 */
@AgentClass("Sequencer")
@ApplicationScoped
public class SequencerAgent implements Agent {

    private final Map<String, AtomicInteger> activeByKey = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicInteger maxActiveOneKey = new AtomicInteger();

    @Override
    public Uni<Void> onEmail(InboundEmail email, AgentContext ctx) {
        AtomicInteger mine = activeByKey.computeIfAbsent(ctx.self().key(), k -> new AtomicInteger());
        maxActiveOneKey.accumulateAndGet(mine.incrementAndGet(), Math::max);
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        long n = Long.parseLong(email.subject().substring(2));
        long prev = ctx.state().getLong("last", 0);
        ctx.state().put("last", n);
        ctx.reply(email, "n=" + n + " prev=" + prev);
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(15))
                .eventually(() -> {
                    mine.decrementAndGet();
                    active.decrementAndGet();
                });
    }

    public int maxActive() {
        return maxActive.get();
    }

    public int maxActiveOneKey() {
        return maxActiveOneKey.get();
    }
}
