package dev.mailroom.agenthost.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.agenthost.repository.OutboxRepository;
import dev.mailroom.contract.KafkaHeaders;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Publishes the transactional outbox to {@code mailroom.outbound.requested}: locks a batch of unpublished rows,
 * sends each (key = send id), waits for Kafka's acknowledgements, marks them published, commits. A crash between
 * the send and the commit publishes the batch again with the same ids: at-least-once, and egress deduplicates by
 * send id. Runs after every processed message and on a timer, never twice at once in one process.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final int BATCH = 100;

    private final OutboxRepository outbox;
    private final MutinyEmitter<byte[]> outbound;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean shuttingDown;
    private volatile boolean again;
    private final Vertx vertx;

    public OutboxRelay(OutboxRepository outbox, @Channel(Channels.OUTBOUND_REQUESTED) MutinyEmitter<byte[]> outbound,
            Vertx vertx) {
        this.outbox = outbox;
        this.vertx = vertx;
        this.outbound = outbound;
    }

    @Scheduled(every = "${mailroom.outbox.poll-interval:1s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        // a failure (Kafka down, emitter not connected yet at startup) leaves the rows for the next run
        // deferred: the emitter throws at once (not as a failed Uni) while its channel is not connected yet
        return Uni.createFrom().deferred(this::publishPending).onFailure().recoverWithUni(e -> {
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
        if (shuttingDown) {
            return Uni.createFrom().voidItem();
        }
        if (!running.compareAndSet(false, true)) {
            again = true;
            return Uni.createFrom().voidItem();
        }
        again = false;
        return publishBatches().eventually(() -> {
            running.set(false);
            if (again) {
                trigger();
            }
        });
    }

    /** Starts {@link #publishPending()} on its own Vert.x context and returns at once (failures are logged). */
    public void trigger() {
        SafeContext.run(vertx, () -> publishPending().subscribe().with(ok -> {
        }, failure -> Log.warnf("outbox publish failed error=%s", failure.toString())));
    }

    private Uni<Void> publishBatches() {
        return Panache.withTransaction(() -> outbox.lockPending(BATCH).chain(this::publish))
                .chain(count -> count == BATCH ? publishBatches() : Uni.createFrom().voidItem());
    }

    private Uni<Integer> publish(List<OutboxMessage> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Context context = Vertx.currentContext();
        List<Uni<Void>> sends = new ArrayList<>();
        for (OutboxMessage m : batch) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(KafkaHeaders.MESSAGE_ID, m.id.getBytes(StandardCharsets.UTF_8));
            if (m.causationId != null) {
                headers.add(KafkaHeaders.CAUSATION_ID, m.causationId.getBytes(StandardCharsets.UTF_8));
            }
            sends.add(outbound.sendMessage(Message.of(m.payload.getBytes(StandardCharsets.UTF_8))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withTopic(m.topic).withKey(m.recordKey != null ? m.recordKey : m.id).withHeaders(headers).build())));
        }
        List<String> ids = batch.stream().map(m -> m.id).toList();
        return Uni.join().all(sends).andFailFast()
                // Kafka acknowledges on its own threads; the database session must be used from its context
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .chain(() -> outbox.markPublished(ids, Instant.now()))
                .invoke(n -> Log.infof("outbox published count=%d", n))
                .replaceWith(batch.size());
    }
}
