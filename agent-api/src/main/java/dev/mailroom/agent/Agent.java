package dev.mailroom.agent;

import com.fasterxml.jackson.databind.JsonNode;

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
 * <li>Calls for one instance never overlap at all: messages and fired schedules of one instance are serialised (a
 * row lock on the instance), calls for different instances run concurrently.</li>
 * <li>Effects ({@link AgentContext#state()} changes, sends, drafts, schedules, and the history of the message) are
 * committed together when the returned {@link Uni} completes, and not at all when it fails; a redelivered message
 * whose effects were committed is not passed to the agent again, a fired schedule does not fire again.</li>
 * <li>A blocking agent must move its work to a worker thread itself ({@code Uni.emitOn(Infrastructure
 * .getDefaultWorkerPool())}) and must not touch the context from there: collect effects before or after.</li>
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

    /**
     * Handles a schedule made earlier with {@link AgentContext#schedule}; called once it is due, at most once with
     * committed effects. The default fails: an agent that schedules must implement it.
     *
     * @param payload the JSON value given to {@code schedule}
     * @param ctx     this instance; {@link AgentContext#threadId()} is the thread the schedule was made in
     * @return completion; a failure rolls back every effect and the schedule is retried, then marked failed
     */
    default Uni<Void> onSchedule(JsonNode payload, AgentContext ctx) {
        return Uni.createFrom().failure(new UnsupportedOperationException(
                getClass().getSimpleName() + " does not implement onSchedule"));
    }
}
