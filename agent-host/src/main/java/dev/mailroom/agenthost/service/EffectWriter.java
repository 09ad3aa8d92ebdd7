package dev.mailroom.agenthost.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.mailroom.agent.Outgoing;
import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.agenthost.repository.AgentSql;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Turns what an agent call collected into rows of the call's {@link AgentSql.Batch} (committed in the call's
 * transaction): each message gets its Message-ID ({@link MessageIds}), goes through the class's send policy and
 * becomes an outbox record plus a history entry (both with that Message-ID), or a draft; schedules become rows; the state is saved. Reads the database only for what memory lacks: the thread of
 * an older parent message, correspondents the call did not look up yet.
 */
@ApplicationScoped
public class EffectWriter {

    /** Reason of drafts the agent asked for itself. */
    public static final String AGENT_DRAFT = "agent-draft";

    private final AgentSql sql;
    private final SendPolicy policy;
    private final MessageIds messageIds;

    public EffectWriter(AgentSql sql, SendPolicy policy, MessageIds messageIds) {
        this.sql = sql;
        this.policy = policy;
        this.messageIds = messageIds;
    }

    /**
     * Adds the effects of {@code call} for instance {@code className}/{@code address} to {@code batch}; counts what
     * reached the outbox.
     */
    Uni<Integer> write(SqlClient conn, AgentSql.Batch batch, String className, String address, AgentCall call,
            Correspondents known, RoutedEmail current, Instant now) {
        String currentEmailId = current == null ? null : current.id();
        call.close();
        batch.instance(call.state().json().toString(), address);
        AgentRef self = call.self();
        EmailAddress defaultFrom = address == null ? null : EmailAddress.of(address);
        int[] sent = { 0 };
        Uni<Void> messagesDone = Effects.sequentially(call.effects.messages, m -> policy
                .replyTo(className, m.message(), current, known).chain(decided -> {
            // the Message-ID is minted here, where the send is decided: the outbox, the draft and the history
            // carry the same one (ADR 0025)
            OutboundRequest request = messageIds.mint(
                    Replies.request(m.id(), self, decided.message(), defaultFrom, call.cause(), now), call.issued());
            if (decided.ignored() != null) {
                toOutbox(batch, call.outboxed, Events.replyToIgnored(request, decided.ignored(), now));
            }
            return threadOf(conn, batch, m.message(), call, currentEmailId).chain(threadId -> {
                if (m.draft()) {
                    // a draft the agent asked for is held like a refused send: its event tells the mailbox and the
                    // customer (draft.created) that a person has something to decide (ADR 0040)
                    draft(batch, className, request, threadId, AGENT_DRAFT, call.cause(), now);
                    toOutbox(batch, call.outboxed, Events.sendHeld(request, AGENT_DRAFT, now));
                    return Uni.createFrom().voidItem();
                }
                return policy.refusal(className, request, known).invoke(refusal -> {
                    if (refusal != null) {
                        Log.infof("send held as draft id=%s agent=%s reason=%s", request.id(), self.key(), refusal);
                        draft(batch, className, request, threadId, refusal, call.cause(), now);
                        toOutbox(batch, call.outboxed, Events.sendHeld(request, refusal, now));
                        return;
                    }
                    sent[0]++;
                    send(batch, request, threadId, call.cause(), now, call.outboxed);
                    known.add(HistoryStore.outboundCorrespondents(request));
                }).replaceWithVoid();
            });
        }));
        return messagesDone.invoke(() -> {
            for (Effects.Wakeup w : call.effects.wakeups) {
                batch.schedule(schedule(self, w, call.cause(), now));
            }
        }).replaceWith(() -> sent[0]);
    }

    private static void toOutbox(AgentSql.Batch batch, List<OutboxMessage> outboxed, OutboxMessage m) {
        outboxed.add(m);
        batch.outbox(m);
    }

    /**
     * Adds {@code request} to {@code batch}'s outbox and history, in thread {@code threadId} (created when new), and
     * to {@code outboxed} (published right after the commit).
     */
    static void send(AgentSql.Batch batch, OutboundRequest request, String threadId, String causationId, Instant now,
            List<OutboxMessage> outboxed) {
        OutboxMessage m = new OutboxMessage();
        m.id = request.id();
        m.topic = Topics.OUTBOUND_REQUESTED;
        m.payload = new String(Json.encode(request), StandardCharsets.UTF_8);
        m.causationId = causationId;
        m.createdAt = now;
        batch.thread(threadId, request.subject())
                .message(HistoryStore.outbound(request, threadId, now))
                .correspondents(HistoryStore.outboundCorrespondents(request));
        toOutbox(batch, outboxed, m);
    }

    static void draft(AgentSql.Batch batch, String className, OutboundRequest request, String threadId,
            String reason, String causationId, Instant now) {
        Draft d = new Draft();
        d.id = request.id();
        d.className = className;
        d.threadId = threadId;
        d.request = new String(Json.encode(request), StandardCharsets.UTF_8);
        d.reason = reason;
        d.status = Draft.Status.PENDING;
        d.causationId = causationId;
        d.createdAt = now;
        batch.draft(d);
    }

    private static AgentSchedule schedule(AgentRef self, Effects.Wakeup w, String causationId, Instant now) {
        AgentSchedule s = new AgentSchedule();
        s.id = w.id();
        s.agentKey = self.key();
        s.className = self.className();
        s.instance = self.instance();
        s.threadId = w.threadId();
        try {
            s.payload = Json.mapper().writeValueAsString(w.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("schedule payload is not JSON", e);
        }
        s.dueAt = w.at();
        s.status = AgentSchedule.Status.PENDING;
        s.causationId = causationId;
        s.createdAt = now;
        return s;
    }

    /** The thread of a message: given, else its parent's, else a new thread named after the message. */
    private Uni<String> threadOf(SqlClient conn, AgentSql.Batch batch, Outgoing message, AgentCall call,
            String currentEmailId) {
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
        String inBatch = batch.threadOf(message.parentId()); // a message this call sent before
        return inBatch != null ? Uni.createFrom().item(inBatch)
                : sql.threadOf(conn, message.parentId()).map(parent -> parent == null ? own : parent);
    }
}
