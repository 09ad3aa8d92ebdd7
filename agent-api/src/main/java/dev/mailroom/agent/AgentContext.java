package dev.mailroom.agent;

import java.time.Duration;
import java.time.Instant;

import dev.mailroom.contract.AgentRef;
import io.smallrye.mutiny.Uni;

/**
 * What an agent instance can see and do while it handles one message ({@link Agent#onEmail}) or one schedule
 * ({@link Agent#onSchedule}). Implemented by agent-host; agents only call it (a unit test may implement it with a
 * fake, as {@code examples/agent-example} does).
 *
 * <h2>Lifecycle and concurrency</h2>
 * <ul>
 * <li>Valid only during the call it is given to, until the call's {@link Uni} completes; do not keep it.</li>
 * <li>Not thread-safe: use it from the call's own flow (the event loop the call started on, or the continuation of
 * a {@code Uni} the host brings back to it), never from another thread at the same time.</li>
 * <li>{@code send}, {@code reply}, {@code draft} and {@code schedule} only record an effect and return at once
 * (they never block); every effect (state, sends, drafts, schedules) is committed in one database transaction when
 * the call's {@link Uni} completes, and discarded when it fails. Nothing leaves before the commit.</li>
 * <li>Ids returned here are derived from the cause (routed id or schedule id) and the order of the calls, so a
 * re-run of the same call returns the same ids: downstream systems (egress) deduplicate on them.</li>
 * </ul>
 */
public interface AgentContext {

    /** This instance's class and name. */
    AgentRef self();

    /**
     * The id of what is being handled: the routed id of the message, or the schedule id. The same on every retry,
     * so it can serve as an idempotency key towards other systems.
     */
    String callId();

    /** This instance's durable state; changes are saved when the call completes successfully. */
    AgentState state();

    /**
     * The host's thread id of the message being handled (or of the message whose handling created the schedule being
     * fired); null for a schedule made outside a thread.
     */
    String threadId();

    /**
     * This instance's conversation: its threads with their inbound and outbound messages (including the message being
     * handled), read from the database within the call's transaction.
     */
    Uni<History> history();

    /**
     * Answers {@code email}: from the address it was sent to, to its {@linkplain InboundEmail#replyRecipients() reply
     * recipients}, subject {@code Re: <subject>}, threaded with In-Reply-To and References. Subject to the class's
     * send policy: a reply the policy refuses becomes a draft.
     *
     * @return the send id of the reply (also the draft id if the policy holds it)
     * @throws IllegalStateException when the message has no one to reply to (a bounce)
     */
    default String reply(InboundEmail email, String text) {
        if (email.replyRecipients().isEmpty()) {
            throw new IllegalStateException("message " + email.id() + " has no one to reply to");
        }
        return send(Outgoing.replyTo(email).withText(text));
    }

    /**
     * Sends a message (new or reply) through the transactional outbox once the call commits, subject to the class's
     * send policy: a message the policy refuses is kept as a draft instead (see {@link #draft}).
     *
     * @return the send id
     */
    String send(Outgoing message);

    /**
     * Keeps a message for a person to approve (optionally edited) or reject through the REST API; nothing is sent
     * until it is approved.
     *
     * @return the draft id (also the send id once approved)
     */
    String draft(Outgoing message);

    /**
     * Wakes {@link Agent#onSchedule} of this instance with {@code payload} after {@code delay}. Schedules are stored
     * with the call's other effects, survive restarts and fire once.
     *
     * @param payload any value Jackson can write as JSON
     * @return the schedule id
     */
    default String schedule(Duration delay, Object payload) {
        return schedule(Instant.now().plus(delay), payload);
    }

    /** Wakes {@link Agent#onSchedule} of this instance with {@code payload} at {@code at} (or soon after). */
    String schedule(Instant at, Object payload);
}
