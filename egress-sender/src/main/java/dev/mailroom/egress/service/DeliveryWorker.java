package dev.mailroom.egress.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.egress.config.EgressConfig;
import dev.mailroom.egress.delivery.MailTransaction;
import dev.mailroom.egress.delivery.MxDelivery;
import dev.mailroom.egress.delivery.RecipientOutcome;
import dev.mailroom.egress.messaging.EventPublisher;
import dev.mailroom.egress.model.ClaimedDelivery;
import dev.mailroom.egress.model.Delivery;
import dev.mailroom.egress.model.DeliveryAttempt;
import dev.mailroom.contract.DeliveryStatus;
import dev.mailroom.contract.MessageStatus;
import dev.mailroom.egress.model.Suppression;
import dev.mailroom.egress.repository.DeliverySql;
import dev.mailroom.mail.mime.MimeBuilder;
import dev.mailroom.platform.observability.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The delivery queue's worker: claims due recipients (a lease, so replicas and crashed workers never strand or
 * double-claim them), delivers each message once per recipient domain, and records every answer in one
 * transaction: delivered (or sent, to a smarthost), bounced (hard bounces suppress the address),
 * deferred to the next time of the {@link RetrySchedule}, or failed once the give-up time has passed; concurrent
 * deliveries share commits ({@link GroupCommit}). Events follow the commit. Runs on a timer and at once when mail is
 * spooled, never twice at once in one process. Claims and results use the reactive SQL client ({@link DeliverySql},
 * ADR 0016): the claim returns what delivery needs, a group of results is a few multi-row statements.
 */
@ApplicationScoped
public class DeliveryWorker {

    private final Pool pool;
    private final DeliverySql sql;
    private final MxDelivery transport;
    private final EventPublisher events;
    private final EgressConfig config;
    private final RetrySchedule schedule;
    private final boolean viaSmarthost;
    private final CoalescingRunner runner;
    /** The recordings of the last round, when it asked for the next one; runs never overlap (the runner). */
    private volatile List<CompletableFuture<Void>> behind = List.of();
    private volatile boolean shuttingDown;
    private final Vertx vertx;
    /** Concurrent deliveries' results share transactions: a few statements for the whole group. */
    private final GroupCommit<Result, List<MailroomEvent>> commits;
    private final Tracer tracer;
    private final DeliveryTraces traces;
    private final EgressMetrics metrics;

    public DeliveryWorker(Vertx vertx, Pool pool, DeliverySql sql, MxDelivery transport, EventPublisher events,
            EgressConfig config, Tracer tracer, DeliveryTraces traces, EgressMetrics metrics) {
        this.tracer = tracer;
        this.traces = traces;
        this.metrics = metrics;
        this.vertx = vertx;
        this.pool = pool;
        this.sql = sql;
        this.transport = transport;
        this.events = events;
        this.config = config;
        this.schedule = new RetrySchedule(config.retrySchedule(), config.giveUpAfter());
        this.viaSmarthost = config.smarthost().filter(s -> !s.isBlank()).isPresent();
        this.commits = new GroupCommit<>(pool, this::recordAll);
        // reruns start where the last round completed: runRound hops to a context of its own before any work, so
        // rounds never nest on one stack
        this.runner = new CoalescingRunner(this::runRound, Runnable::run);
    }

    @Scheduled(every = "${mailroom.egress.poll-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return run();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown = true;
    }

    /**
     * Delivers everything due; when already running, makes sure the worker looks again once the running round is
     * over ({@link CoalescingRunner}: never two rounds at once, no request lost).
     */
    public Uni<Void> run() {
        return shuttingDown ? Uni.createFrom().voidItem() : runner.run();
    }

    private Uni<Void> runRound() {
        if (shuttingDown) {
            return Uni.createFrom().voidItem();
        }
        Context current = Vertx.currentContext();
        Context root = current != null ? current : vertx.getOrCreateContext();
        return onOwnContext(root, this::round)
                .onFailure().invoke(e -> Log.warnf("delivery round failed error=%s", e.toString()));
    }

    /**
     * Claims and delivers one round. A delivery slot ({@code concurrency}) is held for the SMTP transaction only:
     * recording its result (a shared commit) and publishing its events run behind it, so a slow commit or Kafka
     * acknowledgement never idles the connections. When more may be due (a full claim, one cut by its byte budget,
     * or mail spooled meanwhile), the round asks the runner for the next one and leaves its recordings
     * {@link #behind}: round N+1 delivers while round N's results are recorded, and waits for them before it
     * completes, so at most two rounds are unrecorded (their rows stay leased until then anyway). The last round
     * completes once its results are recorded.
     */
    private Uni<Void> round() {
        Context root = Vertx.currentContext();
        List<CompletableFuture<Void>> previous = behind;
        behind = List.of();
        List<CompletableFuture<Void>> recording = new ArrayList<>();
        return sql.claimDue(pool, Instant.now(), config.claimLease(), config.batchSize(),
                config.claimBytes().asLongValue())
                .chain(claim -> {
                    List<ClaimedDelivery> claimed = claim.rows();
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(claim);
                    }
                    // a message's bytes come once per claim, on its first row
                    Map<String, byte[]> raws = new HashMap<>();
                    claimed.stream().filter(d -> d.raw() != null).forEach(d -> raws.putIfAbsent(d.messageId(),
                            d.raw()));
                    Map<String, List<ClaimedDelivery>> groups = claimed.stream().collect(Collectors.groupingBy(
                            d -> d.messageId() + " " + d.domain(), LinkedHashMap::new, Collectors.toList()));
                    return Multi.createFrom().iterable(groups.values())
                            .onItem().transformToUni(group -> onOwnContext(root,
                                    () -> deliverGroup(group, raws.get(group.get(0).messageId()))))
                            .merge(config.concurrency())
                            .collect().asList().invoke(recording::addAll).replaceWith(claim);
                })
                .call(() -> allOf(previous))
                .chain(claim -> {
                    boolean more = claim.rows().size() == config.batchSize() || claim.budgetLeftSome();
                    if (more || runner.takeRequest()) {
                        behind = recording;
                        runner.request();
                        return Uni.createFrom().voidItem();
                    }
                    return allOf(recording);
                });
    }

    private static Uni<Void> allOf(List<CompletableFuture<Void>> futures) {
        if (futures.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(
                () -> CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));
    }

    /**
     * Each delivery gets its own duplicated context, whatever thread asked for the round (a Kafka callback has
     * none). Plain duplicated contexts: nothing here uses Hibernate Reactive, which needs them flagged safe.
     */
    private static <T> Uni<T> onOwnContext(Context root, java.util.function.Supplier<Uni<T>> work) {
        Context own = VertxContext.createNewDuplicatedContext(root);
        return Uni.createFrom().voidItem().emitOn(task -> own.runOnContext(ignored -> task.run()))
                .chain(work::get);
    }

    /**
     * Delivers one message to one domain; completes with the SMTP answers, handing back the recording of its result
     * and the publication of its events, already under way.
     */
    private Uni<CompletableFuture<Void>> deliverGroup(List<ClaimedDelivery> group, byte[] raw) {
        Context context = Vertx.currentContext();
        ClaimedDelivery first = group.get(0);
        if (raw == null) {
            // cannot happen: rows are written with their message, whose bytes come on its first row of the claim
            return Uni.createFrom().item(CompletableFuture.completedFuture(null));
        }
        MailTransaction transaction = new MailTransaction(MimeBuilder.envelopeAddress(first.sender()),
                group.stream().map(d -> MimeBuilder.envelopeAddress(d.recipient())).toList(), raw,
                first.smtpUtf8(), first.messageId());
        // one span per SMTP transaction, in the trace the message was spooled in; the remote's reply on it
        Span span = Spans.start(tracer, "egress.delivery", SpanKind.CLIENT, traces.parentOf(first.messageId()));
        span.setAttribute(Spans.MESSAGE_ID, first.messageId());
        span.setAttribute("mailroom.destination", first.domain());
        span.setAttribute("mailroom.recipients", (long) group.size());
        long start = System.nanoTime();
        return transport.deliver(first.domain(), transaction)
                .onFailure().recoverWithItem(e -> group.stream().map(d -> new RecipientOutcome(d.recipient(),
                        RecipientOutcome.Status.DEFERRED, null, null, "internal: " + e)).toList())
                .invoke(outcomes -> {
                    RecipientOutcome answer = outcomes.isEmpty() ? null : outcomes.get(0);
                    int code = answer == null || answer.reply() == null ? 0 : answer.reply().code();
                    metrics.attempt(code, start);
                    if (answer != null) {
                        span.setAttribute("smtp.reply.code", (long) code);
                        span.setAttribute("mailroom.outcome", answer.status().name().toLowerCase(Locale.ROOT));
                        if (answer.reply() != null) {
                            span.setAttribute("smtp.reply", answer.reply().toString());
                        }
                        if (answer.host() != null) {
                            span.setAttribute("server.address", answer.host());
                        }
                    }
                    span.end();
                })
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .map(outcomes -> commits.submit(new Result(group, outcomes))
                        .chain(events::publishAll)
                        .subscribeAsCompletionStage().toCompletableFuture());
    }

    /** The answers of one delivery (one message, one domain). */
    record Result(List<ClaimedDelivery> claimed, List<RecipientOutcome> outcomes) {
    }

    /**
     * Records the results of a group of deliveries in one transaction: their messages locked and their rows read
     * (two statements), each claimed row still pending updated from its answer (in memory), then the changed rows,
     * the attempts, any suppressions and the changed message statuses written (one statement each). Returns each
     * result's events, for publication after the commit.
     */
    private Uni<List<List<MailroomEvent>>> recordAll(SqlConnection connection, List<Result> results) {
        List<String> messageIds = results.stream().map(r -> r.claimed().get(0).messageId()).distinct().sorted()
                .toList();
        return sql.lockForResults(connection, messageIds).chain(locked -> {
            Instant now = Instant.now();
            Map<Long, Delivery> byId = new HashMap<>();
            locked.rows().forEach(d -> byId.put(d.id, d));
            Map<Long, Delivery> changed = new LinkedHashMap<>();
            List<DeliveryAttempt> attempts = new ArrayList<>();
            List<Suppression> suppressions = new ArrayList<>();
            List<List<MailroomEvent>> out = new ArrayList<>();
            for (Result result : results) {
                Map<String, RecipientOutcome> byRecipient = result.outcomes().stream().collect(Collectors.toMap(
                        o -> o.recipient().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));
                List<MailroomEvent> events = new ArrayList<>();
                for (ClaimedDelivery claimed : result.claimed()) {
                    Delivery row = byId.get(claimed.id());
                    DeliverySql.MessageHead message = locked.messages().get(claimed.messageId());
                    if (row == null || message == null || !DeliveryStatus.PENDING.value().equals(row.status)) {
                        continue;
                    }
                    RecipientOutcome outcome = byRecipient.get(MimeBuilder.envelopeAddress(row.recipient)
                            .toLowerCase(Locale.ROOT));
                    if (outcome == null) {
                        outcome = byRecipient.get(row.recipient.toLowerCase(Locale.ROOT));
                    }
                    if (outcome == null) {
                        outcome = new RecipientOutcome(row.recipient, RecipientOutcome.Status.DEFERRED, null, null,
                                "no answer for this recipient");
                    }
                    attempts.add(apply(message, row, outcome, now, events, suppressions));
                    changed.put(row.id, row);
                }
                out.add(events);
            }
            Map<String, String> statuses = new LinkedHashMap<>();
            for (DeliverySql.MessageHead message : locked.messages().values()) {
                List<Delivery> rows = locked.rows().stream().filter(d -> d.messageId.equals(message.id())).toList();
                boolean attempted = rows.stream().anyMatch(d -> d.attempts > 0);
                String status = MessageStatus.of(rows.stream().map(d -> DeliveryStatus.of(d.status)).toList(),
                        attempted).value();
                if (!status.equals(message.status())) {
                    statuses.put(message.id(), status);
                }
            }
            return sql.update(connection, List.copyOf(changed.values()))
                    .chain(() -> sql.insertAttempts(connection, attempts))
                    .chain(() -> sql.suppress(connection, suppressions))
                    .chain(() -> sql.setMessageStatus(connection, statuses, now))
                    .replaceWith(out);
        });
    }

    /** Applies {@code outcome} to {@code row}; returns the attempt to record, adds the event and any suppression. */
    private DeliveryAttempt apply(DeliverySql.MessageHead message, Delivery row, RecipientOutcome outcome,
            Instant now, List<MailroomEvent> out, List<Suppression> suppressions) {
        row.attempts++;
        row.updatedAt = now;
        row.lastReply = outcome.reply() != null ? outcome.reply().toString() : outcome.detail();
        row.lastHost = outcome.host();
        String attemptOutcome;
        String eventType;
        switch (outcome.status()) {
            case DELIVERED -> {
                row.status = (viaSmarthost ? DeliveryStatus.SENT : DeliveryStatus.DELIVERED).value();
                attemptOutcome = row.status;
                eventType = viaSmarthost ? "outbound.sent" : "outbound.delivered";
            }
            case BOUNCED -> {
                row.status = DeliveryStatus.BOUNCED.value();
                attemptOutcome = "bounced";
                eventType = "outbound.bounced";
                if (Bounces.hardBounce(outcome.reply())) {
                    Suppression s = new Suppression();
                    s.address = row.recipient.toLowerCase(Locale.ROOT);
                    s.reason = "hard-bounce";
                    s.detail = row.lastReply;
                    s.messageId = message.id();
                    s.createdAt = now;
                    suppressions.add(s);
                }
            }
            default -> {
                Instant next = schedule.next(row.attempts, message.createdAt(), now);
                if (next == null) {
                    row.status = DeliveryStatus.FAILED.value();
                    attemptOutcome = "failed";
                    eventType = "outbound.failed";
                } else {
                    row.nextAttemptAt = next;
                    attemptOutcome = "deferred";
                    eventType = "outbound.deferred";
                }
            }
        }
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.messageId = message.id();
        attempt.recipient = row.recipient;
        attempt.attemptedAt = now;
        attempt.host = outcome.host();
        attempt.outcome = attemptOutcome;
        metrics.delivery(attemptOutcome);
        attempt.reply = row.lastReply;
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("recipient", row.recipient);
        detail.put("attempt", String.valueOf(row.attempts));
        if (row.lastReply != null) {
            detail.put("reply", row.lastReply);
        }
        if (row.lastHost != null) {
            detail.put("host", row.lastHost);
        }
        if ("outbound.deferred".equals(eventType)) {
            detail.put("nextAttemptAt", row.nextAttemptAt.toString());
        }
        if (!message.tags().isEmpty()) {
            detail.put("tags", message.tags());
        }
        out.add(EventPublisher.event(eventType, message.id(), row.recipient + ":" + row.attempts, detail));
        // DEBUG: an INFO line per delivery is a measurable share of the CPU at hundreds of messages per second
        Log.debugf("%s sendId=%s rcpt=%s attempt=%d reply=%s", eventType, message.id(), row.recipient,
                row.attempts, row.lastReply);
        return attempt;
    }
}
