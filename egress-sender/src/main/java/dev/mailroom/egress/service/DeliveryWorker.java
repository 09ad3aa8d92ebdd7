package dev.mailroom.egress.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
import dev.mailroom.egress.mime.MimeBuilder;
import dev.mailroom.egress.model.Delivery;
import dev.mailroom.egress.model.DeliveryAttempt;
import dev.mailroom.egress.model.DeliveryStatus;
import dev.mailroom.egress.model.MessageStatus;
import dev.mailroom.egress.model.OutboundMessage;
import dev.mailroom.egress.repository.DeliveryAttemptRepository;
import dev.mailroom.egress.repository.DeliveryRepository;
import dev.mailroom.egress.repository.OutboundMessageRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The delivery queue's worker: claims due recipients (a lease, so replicas and crashed workers never strand or
 * double-claim them), delivers each message once per recipient domain, and records every answer in one
 * transaction: delivered (or sent, to a smarthost), bounced (hard bounces suppress the address),
 * deferred to the next time of the {@link RetrySchedule}, or failed once the give-up time has passed; concurrent
 * deliveries share commits ({@link GroupCommit}). Events follow the commit. Runs on a timer and at once when mail is spooled, never twice at once in one process.
 */
@ApplicationScoped
public class DeliveryWorker {

    private final DeliveryRepository deliveries;
    private final DeliveryAttemptRepository attempts;
    private final OutboundMessageRepository messages;
    private final Spooler spooler;
    private final MxDelivery transport;
    private final EventPublisher events;
    private final EgressConfig config;
    private final RetrySchedule schedule;
    private final boolean viaSmarthost;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean shuttingDown;
    private final Vertx vertx;
    private final GroupCommit commits;

    public DeliveryWorker(Vertx vertx, DeliveryRepository deliveries, DeliveryAttemptRepository attempts,
            OutboundMessageRepository messages, Spooler spooler, MxDelivery transport, EventPublisher events,
            EgressConfig config, GroupCommit commits) {
        this.vertx = vertx;
        this.commits = commits;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.messages = messages;
        this.spooler = spooler;
        this.transport = transport;
        this.events = events;
        this.config = config;
        this.schedule = new RetrySchedule(config.retrySchedule(), config.giveUpAfter());
        this.viaSmarthost = config.smarthost().filter(s -> !s.isBlank()).isPresent();
    }

    @Scheduled(every = "${mailroom.egress.poll-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return run();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown = true;
    }

    /** Delivers everything due; when already running, makes the running round look again before it stops. */
    public Uni<Void> run() {
        if (shuttingDown) {
            return Uni.createFrom().voidItem();
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        Context current = Vertx.currentContext();
        Context root = current != null ? current : vertx.getOrCreateContext();
        return onOwnContext(root, this::rounds).eventually(() -> running.set(false))
                .onFailure().invoke(e -> Log.warnf("delivery round failed error=%s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> rounds() {
        Context root = Vertx.currentContext();
        return Panache.withTransaction(() -> deliveries.claimDue(Instant.now(), config.claimLease(),
                config.batchSize()))
                .chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Map<String, List<Delivery>> groups = claimed.stream().collect(Collectors.groupingBy(
                            d -> d.messageId + " " + d.domain, LinkedHashMap::new, Collectors.toList()));
                    return Multi.createFrom().iterable(groups.values())
                            .onItem().transformToUni(group -> onOwnContext(root, () -> deliverGroup(group)))
                            .merge(config.concurrency())
                            .collect().asList().replaceWith(claimed.size());
                })
                .chain(count -> count == config.batchSize() || again.getAndSet(false) ? onOwnContext(root, this::rounds)
                        : Uni.createFrom().voidItem());
    }

    /**
     * Each delivery gets its own duplicated context, flagged safe for Hibernate Reactive (its sessions live in the
     * context; an unflagged one is refused), whatever thread asked for the round (a Kafka callback has none).
     */
    private static <T> Uni<T> onOwnContext(Context root, java.util.function.Supplier<Uni<T>> work) {
        Context own = VertxContext.createNewDuplicatedContext(root);
        VertxContextSafetyToggle.setContextSafe(own, true);
        return Uni.createFrom().voidItem().emitOn(task -> own.runOnContext(ignored -> task.run()))
                .chain(work::get);
    }

    private Uni<Void> deliverGroup(List<Delivery> group) {
        Context context = Vertx.currentContext();
        String sendId = group.get(0).messageId;
        String domain = group.get(0).domain;
        return Panache.withSession(() -> messages.findById(sendId)).chain(message -> {
            if (message == null || message.raw == null) {
                return Uni.createFrom().voidItem(); // cannot happen: rows are written with their message
            }
            MailTransaction transaction = new MailTransaction(MimeBuilder.envelopeAddress(message.sender),
                    group.stream().map(d -> MimeBuilder.envelopeAddress(d.recipient)).toList(), message.raw,
                    message.smtpUtf8, sendId);
            return transport.deliver(domain, transaction)
                    .onFailure().recoverWithItem(e -> group.stream().map(d -> new RecipientOutcome(d.recipient,
                            RecipientOutcome.Status.DEFERRED, null, null, "internal: " + e)).toList())
                    .emitOn(task -> context.runOnContext(ignored -> task.run()))
                    .chain(outcomes -> commits.submit(() -> record(message.id, group, outcomes)))
                    .chain(events::publishAll);
        });
    }

    private Uni<List<MailroomEvent>> record(String sendId, List<Delivery> group, List<RecipientOutcome> outcomes) {
        Map<String, RecipientOutcome> byRecipient = outcomes.stream().collect(Collectors.toMap(
                o -> o.recipient().toLowerCase(java.util.Locale.ROOT), Function.identity(), (a, b) -> a));
        Instant now = Instant.now();
        List<MailroomEvent> out = new ArrayList<>();
        return messages.findById(sendId).chain(message -> deliveries.forMessage(sendId).chain(all -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Delivery claimed : group) {
                Delivery row = all.stream().filter(d -> d.id.equals(claimed.id)).findFirst().orElse(null);
                if (row == null || !DeliveryStatus.PENDING.value().equals(row.status)) {
                    continue;
                }
                RecipientOutcome outcome = byRecipient.get(MimeBuilder.envelopeAddress(row.recipient)
                        .toLowerCase(java.util.Locale.ROOT));
                if (outcome == null) {
                    outcome = byRecipient.get(row.recipient.toLowerCase(java.util.Locale.ROOT));
                }
                if (outcome == null) {
                    outcome = new RecipientOutcome(row.recipient, RecipientOutcome.Status.DEFERRED, null, null,
                            "no answer for this recipient");
                }
                java.util.function.Supplier<Uni<Void>> step = apply(message, row, outcome, now, out);
                chain = chain.chain(() -> step.get());
            }
            return chain.invoke(() -> {
                boolean attempted = all.stream().anyMatch(d -> d.attempts > 0);
                String status = MessageStatus.of(all.stream().map(d -> DeliveryStatus.of(d.status)).toList(),
                        attempted).value();
                if (!status.equals(message.status)) {
                    message.status = status;
                    message.updatedAt = now;
                }
            });
        })).replaceWith(out);
    }

    private java.util.function.Supplier<Uni<Void>> apply(OutboundMessage message, Delivery row,
            RecipientOutcome outcome, Instant now, List<MailroomEvent> out) {
        return () -> {
            row.attempts++;
            row.updatedAt = now;
            row.lastReply = outcome.reply() != null ? outcome.reply().toString() : outcome.detail();
            row.lastHost = outcome.host();
            String attemptOutcome;
            String eventType;
            Uni<Void> extra = Uni.createFrom().voidItem();
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
                        extra = spooler.suppress(row.recipient, "hard-bounce", row.lastReply, message.id);
                    }
                }
                default -> {
                    Instant next = schedule.next(row.attempts, message.createdAt, now);
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
            attempt.messageId = message.id;
            attempt.recipient = row.recipient;
            attempt.attemptedAt = now;
            attempt.host = outcome.host();
            attempt.outcome = attemptOutcome;
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
            if (!message.tags.isEmpty()) {
                detail.put("tags", message.tags);
            }
            out.add(EventPublisher.event(eventType, message.id, row.recipient + ":" + row.attempts, detail));
            Log.infof("%s sendId=%s rcpt=%s attempt=%d reply=%s", eventType, message.id, row.recipient,
                    row.attempts, row.lastReply);
            Uni<Void> suppression = extra;
            return attempts.persist(attempt).chain(() -> suppression).replaceWithVoid();
        };
    }
}
