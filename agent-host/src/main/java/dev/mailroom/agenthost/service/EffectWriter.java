package dev.mailroom.agenthost.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.mailroom.agenthost.agent.Outgoing;
import dev.mailroom.agenthost.model.AgentInstance;
import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.agenthost.repository.AgentMessageRepository;
import dev.mailroom.agenthost.repository.DraftRepository;
import dev.mailroom.agenthost.repository.OutboxRepository;
import dev.mailroom.agenthost.repository.ScheduleRepository;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Writes what an agent call collected, inside the call's transaction: each message goes through the class's send
 * policy and becomes an outbox record plus a history entry, or a draft; schedules become rows; the state is saved.
 */
@ApplicationScoped
public class EffectWriter {

    /** Reason of drafts the agent asked for itself. */
    public static final String AGENT_DRAFT = "agent-draft";

    private final OutboxRepository outbox;
    private final DraftRepository drafts;
    private final ScheduleRepository schedules;
    private final AgentMessageRepository messages;
    private final HistoryStore history;
    private final SendPolicy policy;

    public EffectWriter(OutboxRepository outbox, DraftRepository drafts, ScheduleRepository schedules,
            AgentMessageRepository messages, HistoryStore history, SendPolicy policy) {
        this.outbox = outbox;
        this.drafts = drafts;
        this.schedules = schedules;
        this.messages = messages;
        this.history = history;
        this.policy = policy;
    }

    /** Commits the effects of {@code call} for {@code instance}; counts what reached the outbox. */
    Uni<Integer> write(AgentInstance instance, AgentCall call, RoutedEmail current, Instant now) {
        String currentEmailId = current == null ? null : current.id();
        call.close();
        instance.state = call.state().json().toString();
        instance.updatedAt = now;
        AgentRef self = call.self();
        EmailAddress defaultFrom = instance.address == null ? null : EmailAddress.of(instance.address);
        int[] sent = { 0 };
        Uni<Void> messagesDone = Effects.sequentially(call.effects.messages, m -> policy
                .replyTo(instance.className, self.key(), m.message(), current).chain(decided -> {
            OutboundRequest request = Replies.request(m.id(), self, decided.message(), defaultFrom, call.cause(), now);
            Uni<Void> ignored = decided.ignored() == null ? Uni.createFrom().voidItem()
                    : toOutbox(call, Events.replyToIgnored(request, decided.ignored(), now));
            return ignored.chain(() -> threadOf(m.message(), call, currentEmailId)).chain(threadId -> {
                if (m.draft()) {
                    return draft(instance, request, threadId, AGENT_DRAFT, call.cause(), now);
                }
                return policy.refusal(instance.className, self.key(), request).chain(refusal -> {
                    if (refusal != null) {
                        Log.infof("send held as draft id=%s agent=%s reason=%s", request.id(), self.key(), refusal);
                        return draft(instance, request, threadId, refusal, call.cause(), now)
                                .chain(() -> toOutbox(call, Events.sendHeld(request, refusal, now)))
                                .replaceWithVoid();
                    }
                    sent[0]++;
                    return send(request, threadId, call.cause(), now, call.outboxed);
                });
            });
        }));
        return messagesDone
                .chain(() -> Effects.sequentially(call.effects.wakeups, w -> schedule(self, w, call.cause(), now)))
                .replaceWith(() -> sent[0]);
    }

    private Uni<Void> toOutbox(AgentCall call, OutboxMessage m) {
        call.outboxed.add(m);
        return outbox.persist(m).replaceWithVoid();
    }

    /** Writes {@code request} to the outbox and the history, in thread {@code threadId} (created when new). */
    Uni<Void> send(OutboundRequest request, String threadId, String causationId, Instant now) {
        return send(request, threadId, causationId, now, new java.util.ArrayList<>());
    }

    /** {@link #send(OutboundRequest, String, String, Instant)}, adding the outbox record to {@code outboxed}. */
    private Uni<Void> send(OutboundRequest request, String threadId, String causationId, Instant now,
            java.util.List<OutboxMessage> outboxed) {
        OutboxMessage m = new OutboxMessage();
        m.id = request.id();
        m.topic = Topics.OUTBOUND_REQUESTED;
        m.payload = new String(Json.encode(request), StandardCharsets.UTF_8);
        m.causationId = causationId;
        m.createdAt = now;
        return history.ensureThread(threadId, request.agent().key(), request.subject(), now)
                .chain(() -> history.recordOutbound(request, threadId, now))
                .chain(() -> {
                    outboxed.add(m);
                    return outbox.persist(m);
                })
                .replaceWithVoid();
    }

    private Uni<Void> draft(AgentInstance instance, OutboundRequest request, String threadId, String reason,
            String causationId, Instant now) {
        Draft d = new Draft();
        d.id = request.id();
        d.agentKey = instance.id;
        d.className = instance.className;
        d.threadId = threadId;
        d.request = new String(Json.encode(request), StandardCharsets.UTF_8);
        d.reason = reason;
        d.status = Draft.Status.PENDING;
        d.causationId = causationId;
        d.createdAt = now;
        return drafts.persist(d).replaceWithVoid();
    }

    private Uni<Void> schedule(AgentRef self, Effects.Wakeup w, String causationId, Instant now) {
        AgentSchedule s = new AgentSchedule();
        s.id = w.id();
        s.agentKey = self.key();
        s.className = self.className();
        s.instance = self.instance();
        s.threadId = w.threadId();
        try {
            s.payload = Json.mapper().writeValueAsString(w.payload());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("schedule payload is not JSON", e));
        }
        s.dueAt = w.at();
        s.status = AgentSchedule.Status.PENDING;
        s.causationId = causationId;
        s.createdAt = now;
        return schedules.persist(s).replaceWithVoid();
    }

    /** The thread of a message: given, else its parent's, else a new thread named after the message. */
    private Uni<String> threadOf(Outgoing message, AgentCall call, String currentEmailId) {
        if (message.threadId() != null) {
            return Uni.createFrom().item(message.threadId());
        }
        String own = call.effects.messages.stream().filter(m -> m.message() == message).findFirst()
                .map(Effects.Message::id).orElseThrow();
        if (message.parentId() == null) {
            return Uni.createFrom().item(own);
        }
        if (message.parentId().equals(currentEmailId)) {
            return Uni.createFrom().item(call.threadId());
        }
        return messages.findById(message.parentId()).map(parent -> parent == null ? own : parent.threadId);
    }
}
