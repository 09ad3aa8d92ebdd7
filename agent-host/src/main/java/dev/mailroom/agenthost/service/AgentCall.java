package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.util.function.Supplier;

import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.AgentState;
import dev.mailroom.agent.History;
import dev.mailroom.agent.Outgoing;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The context of one agent call: collects effects, derives their ids from the cause (routed id or schedule id) and
 * their order, and refuses use after the call.
 */
final class AgentCall implements AgentContext {

    private final AgentRef self;
    private final AgentState state;
    private final String cause;
    private final Instant issued;
    private final String threadId;
    private final Supplier<Uni<History>> history;
    final Effects effects = new Effects();
    /** The outbox records the call's effects wrote (published right after the commit, see OutboxRelay). */
    final java.util.List<dev.mailroom.agenthost.model.OutboxMessage> outboxed = new java.util.ArrayList<>();
    private boolean closed;

    /**
     * @param issued the time of the cause (a routed record's {@code receivedAt}, a schedule's due time): the issue
     *               time of the reply tokens of the call's messages, the same when the cause runs again
     */
    AgentCall(AgentRef self, AgentState state, String cause, Instant issued, String threadId,
            Supplier<Uni<History>> history) {
        this.self = self;
        this.state = state;
        this.cause = cause;
        this.issued = issued;
        this.threadId = threadId;
        this.history = history;
    }

    /**
     * Calls the agent and comes back to the caller's Vert.x context (where the transaction's session lives) however
     * the agent's {@link Uni} completes: on a timer, a worker thread or an HTTP client's thread.
     */
    static Uni<Void> invoke(Supplier<Uni<Void>> agentCall) {
        Context context = Vertx.currentContext();
        Uni<Void> call = Uni.createFrom().deferred(agentCall::get);
        return context == null ? call : call.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    String cause() {
        return cause;
    }

    /** The time of the cause: the issue time of the Message-IDs of this call's messages. */
    Instant issued() {
        return issued;
    }

    @Override
    public String callId() {
        return cause;
    }

    void close() {
        closed = true;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("the context of " + cause + " is no longer valid");
        }
    }

    @Override
    public AgentRef self() {
        return self;
    }

    @Override
    public AgentState state() {
        return state;
    }

    @Override
    public String threadId() {
        return threadId;
    }

    @Override
    public Uni<History> history() {
        open();
        return history.get();
    }

    @Override
    public String send(Outgoing message) {
        return add(message, false);
    }

    @Override
    public String draft(Outgoing message) {
        return add(message, true);
    }

    private String add(Outgoing message, boolean draft) {
        open();
        // the first reply keeps the id scheme of the foundation: derived(routed id, "reply", ordinal)
        String id = Ids.derived(cause, message.isReply() ? "reply" : "send",
                Integer.toString(effects.messages.size()));
        effects.messages.add(new Effects.Message(id, message, draft));
        return id;
    }

    @Override
    public String schedule(Instant at, Object payload) {
        open();
        String id = Ids.derived(cause, "schedule", Integer.toString(effects.wakeups.size()));
        effects.wakeups.add(new Effects.Wakeup(id, at, Json.mapper().valueToTree(payload), threadId));
        return id;
    }
}
