package dev.mailroom.mailbox.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.platform.observability.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Turns lifecycle events into customer events in {@code event_log} ({@link CustomerEvents} says which and how),
 * idempotently (the log's id is derived from the source event's id). An event whose tenant is not known yet — the
 * outbound message has not reached this service — is parked in {@code event_log_pending} and looked at again every
 * {@code pending-interval} until it is, or until {@code pending-max-age} (then it is logged and counted as given
 * up): never logged without its domain, since the domain decides who may see it.
 */
@ApplicationScoped
public class EventLogger {

    private final Pool pool;
    private final EventLogSql sql;
    private final WebhooksConfig config;
    private final Counter givenUp;

    EventLogger(Pool pool, EventLogSql sql, WebhooksConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.sql = sql;
        this.config = config;
        this.givenUp = Counter.builder(Metrics.PREFIX + "mailbox.events.unscoped")
                .description("Customer events given up because their message never reached the mailbox service")
                .register(registry);
    }

    /** Logs the customer event of {@code source}, if it makes one; parks it when its tenant is unknown. */
    public Uni<Void> accept(MailroomEvent source) {
        Optional<CustomerEvents.Kind> kind = CustomerEvents.of(source.type());
        if (kind.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(c -> tryLog(c, kind.get(), source).chain(logged -> logged
                ? Uni.createFrom().voidItem()
                : sql.park(c, source.id() == null ? CustomerEvents.eventId(source) : source.id(),
                        new String(Json.encode(source), StandardCharsets.UTF_8), config.pendingInterval())
                        .invoke(() -> Log.debugf("event parked type=%s messageId=%s reason=tenant-unknown",
                                source.type(), source.messageId()))));
    }

    /** Logs it when its tenant is known; false when not (yet). */
    private Uni<Boolean> tryLog(SqlClient c, CustomerEvents.Kind kind, MailroomEvent source) {
        Optional<String> own = CustomerEvents.ownDomain(kind, source);
        if (own.isPresent()) {
            String mailbox = CustomerEvents.ownMailbox(kind, source).orElse(null);
            return sql.append(c, CustomerEvents.entry(kind, source, own.get(), mailbox)).replaceWith(true);
        }
        if (kind.scope() == CustomerEvents.Scope.DOMAIN) {
            return Uni.createFrom().item(false);
        }
        return sql.messageScope(c, source.messageId()).chain(scope -> scope.isEmpty()
                ? Uni.createFrom().item(false)
                : sql.append(c, CustomerEvents.entry(kind, source, scope.get().domain(), scope.get().mailboxId()))
                        .replaceWith(true));
    }

    /** Looks at parked events again. */
    @Scheduled(every = "${mailroom.webhooks.pending-interval:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> retryParked() {
        return retryParkedNow().replaceWithVoid().onFailure().recoverWithUni(e -> {
            Log.warnf("parked events round failed error=%s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** One round over the due parked events; the number logged. */
    public Uni<Integer> retryParkedNow() {
        return pool.withTransaction(c -> sql.claimDue(c, 200).chain(due -> retry(c, due, 0, 0)));
    }

    private Uni<Integer> retry(SqlClient c, List<EventLogSql.Parked> due, int i, int logged) {
        if (i >= due.size()) {
            return Uni.createFrom().item(logged);
        }
        EventLogSql.Parked p = due.get(i);
        MailroomEvent source;
        CustomerEvents.Kind kind;
        try {
            source = Json.decode(p.eventJson().getBytes(StandardCharsets.UTF_8), MailroomEvent.class,
                    MailroomEvent.VERSION);
            kind = CustomerEvents.of(source.type()).orElseThrow();
        } catch (RuntimeException e) { // cannot happen for rows this class parked; never let one block the rest
            givenUp.increment();
            Log.warnf("parked event unreadable id=%s error=%s", p.id(), e.toString());
            return sql.unpark(c, p.id()).chain(() -> retry(c, due, i + 1, logged));
        }
        return tryLog(c, kind, source).chain(done -> {
            if (done) {
                return sql.unpark(c, p.id()).replaceWith(1);
            }
            if (p.firstSeenAt().plus(config.pendingMaxAge()).isBefore(Instant.now())) {
                givenUp.increment();
                Log.warnf("event given up type=%s messageId=%s reason=tenant-unknown since=%s", source.type(),
                        source.messageId(), p.firstSeenAt());
                return sql.unpark(c, p.id()).replaceWith(0);
            }
            Duration wait = backoff(config.pendingInterval(), p.attempts());
            return sql.later(c, p.id(), wait).replaceWith(0);
        }).chain(n -> retry(c, due, i + 1, logged + n));
    }

    /** The interval, doubling with each attempt, at most 10 minutes. */
    static Duration backoff(Duration interval, int attempts) {
        Duration d = interval.multipliedBy(1L << Math.min(attempts, 10));
        return d.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : d;
    }
}
