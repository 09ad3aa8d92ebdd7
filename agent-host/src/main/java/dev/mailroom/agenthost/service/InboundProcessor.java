package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentState;
import dev.mailroom.agent.InboundEmail;
import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.agenthost.repository.AgentSql;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.RoutedEmail;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Runs one routed message through its agent, effectively once, in a single transaction on the reactive client
 * (ADR 0019): one statement locks (or creates) the instance and reads whether the message is processed, its parent's
 * thread and the correspondents it needs ({@link AgentSql#open}); the agent runs; one statement writes the new state,
 * the history, the sends (outbox), drafts, schedules and the processed mark ({@link AgentSql#write}). Either all of
 * it commits or none of it does.
 */
@ApplicationScoped
public class InboundProcessor {

    /** What became of a message. */
    public enum Outcome {
        PROCESSED, DUPLICATE
    }

    /** What became of a message, and the outbox records its transaction wrote (to publish after the commit). */
    public record Result(Outcome outcome, List<OutboxMessage> outbox) {
        static final Result DUPLICATE = new Result(Outcome.DUPLICATE, List.of());
    }

    private final Pool pool;
    private final AgentSql sql;
    private final HistoryStore history;
    private final EffectWriter effects;
    private final AttachmentTextExtraction texts;

    public InboundProcessor(Pool pool, AgentSql sql, HistoryStore history, EffectWriter effects,
            AttachmentTextExtraction texts) {
        this.pool = pool;
        this.sql = sql;
        this.history = history;
        this.effects = effects;
        this.texts = texts;
    }

    public Uni<Result> process(RoutedEmail routed, Agent agent) {
        return pool.withTransaction(conn -> run(conn, routed, agent, now()));
    }

    private Uni<Result> run(SqlClient conn, RoutedEmail routed, Agent agent, Instant now) {
        AgentRef self = routed.agent();
        List<String> parents = ThreadResolver.parents(routed.message());
        Set<String> asked = addresses(routed);
        AgentSql.Lookup lookup = new AgentSql.Lookup(routed.id(), parents, List.copyOf(asked));
        // lock first: a second process holding the same message (rebalance) waits there, then sees it processed
        return sql.open(conn, self, routed.recipient(), lookup, now).chain(opened -> {
            if (opened.processed()) {
                Log.infof("duplicate skipped routedId=%s agent=%s", routed.id(), self.key());
                return Uni.createFrom().item(Result.DUPLICATE);
            }
            String threadId = ThreadResolver.threadOf(routed, opened.parentThread());
            List<String> from = HistoryStore.inboundCorrespondents(routed);
            AgentSql.Batch batch = new AgentSql.Batch(self.key(), now)
                    .thread(threadId, routed.message().subject())
                    .message(HistoryStore.inbound(routed, threadId, now))
                    .correspondents(from)
                    .processed(routed.id());
            Correspondents known = new Correspondents(sql, conn, self.key(), asked, opened.known());
            known.add(from);
            // the issue time of the call's Message-IDs: the record's own time, so a re-run mints the same ones
            Instant issued = routed.receivedAt() != null ? routed.receivedAt() : now;
            AgentCall call = new AgentCall(self, new AgentState(parseState(opened.state())), routed.id(), issued,
                    threadId, () -> history.load(conn, self.key(), batch.messages()));
            return AgentCall.invoke(() -> agent.onEmail(new InboundEmail(routed,
                    texts.forClass(self.className())), call))
                    .chain(() -> effects.write(conn, batch, self.className(), routed.recipient(), call, known, routed,
                            now))
                    .chain(sent -> sql.write(conn, batch).invoke(() -> Log.debugf(
                            "processed routedId=%s agent=%s outbound=%d", routed.id(), self.key(), sent)))
                    .replaceWith(() -> new Result(Outcome.PROCESSED, List.copyOf(call.outboxed)));
        });
    }

    /** The time of a call, as PostgreSQL stores it (microseconds), so what the agent sees is what is read back. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The addresses (lower case) a reply to {@code routed} may go to: asked about when the instance is opened. */
    private static Set<String> addresses(RoutedEmail routed) {
        Set<String> out = new LinkedHashSet<>();
        routed.message().replyTo().forEach(a -> out.add(HistoryStore.lower(a)));
        routed.replyRecipients().forEach(a -> out.add(HistoryStore.lower(a)));
        return out;
    }

    static ObjectNode parseState(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored agent state is not a JSON object", e);
        }
    }
}
