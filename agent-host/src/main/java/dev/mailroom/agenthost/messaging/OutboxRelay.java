package dev.mailroom.agenthost.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.agenthost.repository.OutboxRepository;
import dev.mailroom.contract.KafkaHeaders;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes the transactional outbox to {@code mailroom.outbound.requested}, two ways (ADR 0017):
 * <ul>
 * <li><b>directly</b> ({@link #publishCommitted}): the consumer hands over the records a routed message's transaction
 * has just committed; they are sent at once (key = send id) and, once Kafka acknowledged them, marked published by
 * one autocommit UPDATE (marks of concurrent messages coalesce into one statement). No transaction, no select.</li>
 * <li><b>by the relay</b> ({@link #publishPending}): locks a batch of unpublished rows, sends each, waits for Kafka's
 * acknowledgements, marks them published, commits. On a timer it takes only rows older than
 * {@code mailroom.outbox.direct-grace} (the younger ones are in the hands of the direct publication): the backstop
 * for records whose direct publication failed or was cut short by a crash. Schedules and drafts trigger it at once.
 * Never twice at once in one process.</li>
 * </ul>
 * A crash between a send and its mark publishes the record again with the same id: at-least-once, and egress
 * deduplicates by send id.
 *
 * <p>Trace context (ADR 0027): a direct publication carries the trace of the routed message that caused it (the
 * {@code agent.call} span); records the relay publishes start a trace of their own (the context is not stored with
 * the row).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final int BATCH = 100;

    private final OutboxRepository outbox;
    private final MutinyEmitter<byte[]> outbound;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean shuttingDown;
    private volatile boolean again;
    private volatile boolean againNow;
    private final Vertx vertx;
    private final Pool pool;
    private final Duration grace;
    private final long markDelayMs;
    private final List<String> toMark = new ArrayList<>();
    private boolean marking;

    public OutboxRelay(OutboxRepository outbox, @Channel(Channels.OUTBOUND_REQUESTED) MutinyEmitter<byte[]> outbound,
            Vertx vertx, Pool pool, AgentHostConfig config) {
        this.outbox = outbox;
        this.vertx = vertx;
        this.outbound = outbound;
        this.pool = pool;
        this.grace = config.outbox().directGrace();
        this.markDelayMs = config.outbox().markDelay().toMillis();
    }

    // not before the application has started: until Reactive Messaging has connected the channel, creating this
    // bean (its emitter) fails with SRMSG00019, which the scheduler would log as an ERROR on a slow start
    @Scheduled(every = "${mailroom.outbox.poll-interval:1s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        // a failure (Kafka down, emitter not connected yet at startup) leaves the rows for the next run
        // deferred: the emitter throws at once (not as a failed Uni) while its channel is not connected yet
        return Uni.createFrom().deferred(() -> publishPending(grace)).onFailure().recoverWithUni(e -> {
            Log.warnf("outbox publish failed error=%s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown = true; // the database pool closes next: no new runs (pending rows wait for the next start)
    }

    /**
     * Publishes every pending record, batch by batch; completes when none is left. When another run is active it
     * returns at once and that run goes round once more when it ends, so records committed meanwhile are not left
     * for the next poll.
     */
    public Uni<Void> publishPending() {
        return publishPending(Duration.ZERO);
    }

    /** {@link #publishPending()} of the records at least {@code minAge} old. */
    Uni<Void> publishPending(Duration minAge) {
        if (shuttingDown) {
            return Uni.createFrom().voidItem();
        }
        // `again` is written before `running` is read again, and a run reads `again` after it cleared `running`:
        // either that run sees this request, or this call sees `running` cleared and runs itself (no lost wake-up,
        // as in egress-sender's CoalescingRunner)
        while (!running.compareAndSet(false, true)) {
            againNow |= minAge.isZero();
            again = true;
            if (running.get()) {
                return Uni.createFrom().voidItem();
            }
        }
        again = false;
        againNow = false;
        return publishBatches(minAge).eventually(() -> {
            running.set(false);
            if (again) {
                Duration next = againNow ? Duration.ZERO : grace;
                SafeContext.run(vertx, () -> publishPending(next).subscribe().with(ok -> {
                }, failure -> Log.warnf("outbox publish failed error=%s", failure.toString())));
            }
        });
    }

    /** Starts {@link #publishPending()} on its own Vert.x context and returns at once (failures are logged). */
    public void trigger() {
        SafeContext.run(vertx, () -> publishPending().subscribe().with(ok -> {
        }, failure -> Log.warnf("outbox publish failed error=%s", failure.toString())));
    }

    /**
     * Publishes records a transaction has just committed, without reading them back: sends them now, marks them
     * published once Kafka acknowledged them all, and returns at once. A failure is logged and leaves the records
     * to the timer (after {@code mailroom.outbox.direct-grace}).
     */
    public void publishCommitted(List<OutboxMessage> committed) {
        publishCommitted(committed, io.opentelemetry.context.Context.root());
    }

    /** {@link #publishCommitted(List)} in the trace of {@code trace} (the call that wrote them). */
    public void publishCommitted(List<OutboxMessage> committed, io.opentelemetry.context.Context trace) {
        if (committed.isEmpty() || shuttingDown) {
            return;
        }
        List<Uni<Void>> sends = new ArrayList<>(committed.size());
        try {
            for (OutboxMessage m : committed) {
                sends.add(send(m, trace));
            }
        } catch (RuntimeException e) { // the emitter throws at once while its channel is not connected
            Log.warnf("outbox direct publish failed (left to the relay) error=%s", e.toString());
            return;
        }
        List<String> ids = committed.stream().map(m -> m.id).toList();
        Uni.join().all(sends).andFailFast().subscribe().with(ok -> markPublished(ids),
                failure -> Log.warnf("outbox direct publish failed (left to the relay) error=%s", failure.toString()));
    }

    /**
     * Marks {@code ids} published: one UPDATE at a time, after {@code mailroom.outbox.mark-delay}; the marks that
     * arrive meanwhile share it.
     */
    void markPublished(List<String> ids) {
        synchronized (toMark) {
            toMark.addAll(ids);
            if (marking) {
                return;
            }
            marking = true;
        }
        markLater();
    }

    private void markLater() {
        if (markDelayMs <= 0) {
            markNext();
        } else {
            vertx.setTimer(markDelayMs, timer -> markNext());
        }
    }

    private void markNext() {
        String[] batch;
        synchronized (toMark) {
            if (toMark.isEmpty() || shuttingDown) {
                marking = false;
                return;
            }
            batch = toMark.toArray(String[]::new);
            toMark.clear();
        }
        pool.preparedQuery("update outbox_message set published_at = $1 where id = any($2) and published_at is null")
                .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC), batch))
                // the marks that came meanwhile wait for the next UPDATE (markNext stops when there are none)
                .subscribe().with(rows -> markLater(), failure -> {
                    // left unmarked: the relay publishes them again after the grace (egress drops the copies)
                    Log.warnf("outbox mark failed count=%d error=%s", batch.length, failure.toString());
                    markLater();
                });
    }

    private Uni<Void> publishBatches(Duration minAge) {
        return Panache.withTransaction(() -> outbox.lockPending(BATCH, Instant.now().minus(minAge))
                .chain(this::publish))
                .chain(count -> count == BATCH ? publishBatches(minAge) : Uni.createFrom().voidItem());
    }

    private Uni<Void> send(OutboxMessage m, io.opentelemetry.context.Context trace) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.MESSAGE_ID, m.id.getBytes(StandardCharsets.UTF_8));
        if (m.causationId != null) {
            headers.add(KafkaHeaders.CAUSATION_ID, m.causationId.getBytes(StandardCharsets.UTF_8));
        }
        return outbound.sendMessage(Message.of(m.payload.getBytes(StandardCharsets.UTF_8))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(m.topic).withKey(m.recordKey != null ? m.recordKey : m.id).withHeaders(headers)
                        .build())
                .addMetadata(TracingMetadata.withCurrent(trace)));
    }

    private Uni<Integer> publish(List<OutboxMessage> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Context context = Vertx.currentContext();
        List<Uni<Void>> sends = new ArrayList<>();
        for (OutboxMessage m : batch) {
            sends.add(send(m, io.opentelemetry.context.Context.root()));
        }
        List<String> ids = batch.stream().map(m -> m.id).toList();
        return Uni.join().all(sends).andFailFast()
                // Kafka acknowledges on its own threads; the database session must be used from its context
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .chain(() -> outbox.markPublished(ids, Instant.now()))
                .invoke(n -> Log.debugf("outbox published count=%d", n))
                .replaceWith(batch.size());
    }
}
