package dev.mailroom.agent;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * A kind of agent (an agent <em>class</em>, e.g. {@code Support}); its <em>instances</em> ({@code ticket-123}) are
 * the addresses mail reaches ({@code support+ticket-123@your.domain}). The host calls {@link #onEmail} once per
 * inbound message of an instance and {@link #onSchedule} once per schedule that falls due.
 *
 * <h2>Creation</h2>
 * <ul>
 * <li>In a jar of its own (the usual way): a public class with a public no-arg constructor, annotated with
 * {@link AgentClass} and listed in {@code META-INF/services/dev.mailroom.agent.Agent}. agent-host creates it once at
 * start (in a class loader of its plugin's own, see ADR 0022) and keeps it until it stops; a constructor that throws
 * stops the host's start with the jar's name. No dependency injection: read what you need in the constructor.</li>
 * <li>Built into agent-host: an {@code @ApplicationScoped} CDI bean annotated with {@link AgentClass} (Echo,
 * Support, Drafter), which may use constructor injection.</li>
 * <li>Two agents (beans, jars or webhooks) claiming one class name stop the host at start.</li>
 * </ul>
 *
 * <h2>Lifecycle and concurrency</h2>
 * <ul>
 * <li>One object serves every instance of its class, from several threads at once: keep per-instance data in
 * {@link AgentContext#state()}, never in fields; fields hold only immutable configuration (or thread-safe
 * caches that need no persistence).</li>
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
 * <li>Failure: a failed {@link Uni} (or an exception thrown by the method) rolls the call back and it is run again
 * later, with the same message or payload and the same {@link AgentContext#callId()}
 * ({@code mailroom.agent.max-attempts}, default 3, with backoff); then a message is dead-lettered to
 * {@code mailroom.inbound.routed.dlq} and a schedule is marked {@code failed}. Throw {@link PermanentAgentFailure}
 * when a retry cannot help. Work the agent does outside its context (an HTTP call, say) is not rolled back: make it
 * idempotent with {@code callId()} as the key.</li>
 * <li>Automatic mail (auto-replies, bounces, lists) reaches {@code onEmail} too; {@link InboundEmail#isAutomatic()}
 * tells it, and agents should not answer it (mail loops).</li>
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
