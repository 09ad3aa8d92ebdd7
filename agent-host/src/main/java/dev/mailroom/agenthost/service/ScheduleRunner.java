package dev.mailroom.agenthost.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentState;
import dev.mailroom.agent.PermanentAgentFailure;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.messaging.OutboxRelay;
import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.repository.AgentSql;
import dev.mailroom.agenthost.repository.ScheduleSql;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Json;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Fires due schedules, one transaction per schedule: claim the row ({@code FOR UPDATE SKIP LOCKED}, so replicas
 * never fire one schedule twice at once), lock the instance, call {@link Agent#onSchedule}, write its effects and mark
 * the schedule {@code FIRED} — all in that transaction, so a schedule fires once and a crash fires it again later
 * (its effects were rolled back). A failing call is recorded in a second transaction: retried with backoff, then
 * {@code FAILED} with the error after {@code mailroom.agent.max-attempts}.
 */
@ApplicationScoped
public class ScheduleRunner {

    private final Pool pool;
    private final ScheduleSql schedules;
    private final AgentSql sql;
    private final AgentRegistry registry;
    private final HistoryStore history;
    private final EffectWriter effects;
    private final AgentHostConfig config;
    private final OutboxRelay relay;
    private volatile boolean shuttingDown;

    public ScheduleRunner(Pool pool, ScheduleSql schedules, AgentSql sql, AgentRegistry registry,
            HistoryStore history, EffectWriter effects, AgentHostConfig config, OutboxRelay relay) {
        this.pool = pool;
        this.relay = relay;
        this.schedules = schedules;
        this.sql = sql;
        this.registry = registry;
        this.history = history;
        this.effects = effects;
        this.config = config;
    }

    /** Every {@code mailroom.schedules.poll-interval}: fire what is due, then publish the outbox it wrote. */
    @Scheduled(every = "${mailroom.schedules.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class) // as OutboxRelay's poll: needs the channels
    Uni<Void> poll() {
        if (shuttingDown) {
            return Uni.createFrom().voidItem();
        }
        return fireDue().invoke(n -> {
            if (n > 0) {
                relay.trigger();
            }
        })
                .onFailure().invoke(e -> Log.warnf("schedule poll failed error=%s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown = true;
    }

    /** Fires due schedules until none is left; completes with how many fired. */
    public Uni<Integer> fireDue() {
        return fireNext().chain(fired -> fired == null ? Uni.createFrom().item(0)
                : fireDue().map(n -> n + 1));
    }

    /** Fires the most overdue schedule; null when none is due, else its id. */
    private Uni<String> fireNext() {
        String[] claimed = { null };
        return pool.withTransaction(conn -> schedules.claimDue(conn).chain(s -> {
            if (s == null) {
                return Uni.createFrom().<String>nullItem();
            }
            claimed[0] = s.id;
            return fire(conn, s).replaceWith(s.id);
        })).onFailure().recoverWithUni(failure -> {
            if (claimed[0] == null) {
                return Uni.createFrom().failure(failure);
            }
            return pool.withTransaction(conn -> recordFailure(conn, claimed[0], failure)).replaceWith(claimed[0]);
        });
    }

    private Uni<Void> fire(SqlClient conn, AgentSchedule s) {
        Agent agent = registry.find(s.className).orElse(null);
        if (agent == null) {
            s.status = AgentSchedule.Status.FAILED;
            s.lastError = "no-agent-class: no agent registered for class '" + s.className + "'";
            Log.warnf("schedule failed id=%s reason=%s", s.id, s.lastError);
            return schedules.update(conn, s);
        }
        AgentRef self = new AgentRef(s.className, s.instance);
        Instant now = InboundProcessor.now();
        return sql.open(conn, self, null, AgentSql.Lookup.NONE, now).chain(opened -> {
            AgentSql.Batch batch = new AgentSql.Batch(s.agentKey, now).fired(s.id);
            // Message-IDs issued at the due time: a re-fire after a crash mints the same ones
            AgentCall call = new AgentCall(self, new AgentState(InboundProcessor.parseState(opened.state())),
                    s.id, s.dueAt, s.threadId, () -> history.load(conn, s.agentKey, batch.messages()));
            Correspondents known = new Correspondents(sql, conn, s.agentKey, Set.of(), Set.of());
            return AgentCall.invoke(() -> agent.onSchedule(payload(s), call))
                    .chain(() -> effects.write(conn, batch, s.className, opened.address(), call, known, null, now))
                    .call(() -> sql.write(conn, batch))
                    .invoke(sent -> Log.infof("schedule fired id=%s agent=%s outbound=%d", s.id, s.agentKey, sent));
        }).replaceWithVoid();
    }

    private Uni<Void> recordFailure(SqlClient conn, String id, Throwable failure) {
        return schedules.lock(conn, id).chain(s -> {
            if (s == null || s.status != AgentSchedule.Status.PENDING) {
                return Uni.createFrom().voidItem();
            }
            s.attempts++;
            s.lastError = failure instanceof PermanentAgentFailure p ? p.reason() : "agent-failed: " + failure;
            if (s.attempts >= config.agent().maxAttempts() || failure instanceof PermanentAgentFailure) {
                s.status = AgentSchedule.Status.FAILED;
                Log.errorf(failure, "schedule failed id=%s agent=%s attempts=%d", s.id, s.agentKey, s.attempts);
            } else {
                Duration backoff = config.agent().retryBackoff().multipliedBy(1L << Math.min(s.attempts - 1, 10));
                s.dueAt = Instant.now().plus(backoff);
                Log.warnf("schedule retry id=%s agent=%s attempts=%d error=%s", s.id, s.agentKey, s.attempts,
                        failure.toString());
            }
            return schedules.update(conn, s);
        });
    }

    private static JsonNode payload(AgentSchedule s) {
        try {
            return Json.mapper().readTree(s.payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored schedule payload is not JSON", e);
        }
    }
}
