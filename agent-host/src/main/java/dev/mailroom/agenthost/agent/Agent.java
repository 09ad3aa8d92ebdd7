package dev.mailroom.agenthost.agent;

import io.smallrye.mutiny.Uni;

/**
 * A kind of agent. Implement it in an {@code @ApplicationScoped} bean annotated with {@link AgentClass}; the host
 * calls {@link #onEmail} once per inbound message for one instance of that class.
 *
 * <h2>Lifecycle and concurrency</h2>
 * <ul>
 * <li>One bean serves every instance of its class: keep per-instance data in {@link AgentContext#state()}, never
 * in fields.</li>
 * <li>Calls for one instance never overlap and arrive in the order the messages were received.</li>
 * <li>{@code onEmail} runs on a Vert.x event loop inside the instance's database transaction: return quickly, or
 * return a {@link Uni} that completes later; never block.</li>
 * <li>Effects ({@link AgentContext#state()} changes and {@link AgentContext#reply replies}) are committed together
 * when the returned {@link Uni} completes, and not at all when it fails; a redelivered message whose effects were
 * committed is not passed to the agent again.</li>
 * </ul>
 */
public interface Agent {

    /**
     * Handles one inbound message.
     *
     * @param email the message, as routed to this instance
     * @param ctx   this instance: its identity, durable state and the means to answer
     * @return completion; a failure rolls back every effect and the message is retried, then dead-lettered
     */
    Uni<Void> onEmail(InboundEmail email, AgentContext ctx);
}
