package dev.mailroom.egress.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.config.ApiConfig;
import dev.mailroom.egress.messaging.RequestPublisher;
import dev.mailroom.egress.repository.IdempotencyRepository;
import dev.mailroom.egress.repository.OutboundMessageRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Accepts REST send requests. The requests and the Idempotency-Key answer are committed in one transaction
 * (status {@code accepted}), then put on {@code mailroom.outbound.requested}; should Kafka be down, the
 * {@link #relayStragglers() backstop} republishes accepted rows later, and the consumer's deduplication by send id
 * makes a second publication harmless. So a {@code 202} is never lost, and a retried request with the same
 * Idempotency-Key answers the same ids without sending twice.
 */
@ApplicationScoped
public class SendService {

    /** The same Idempotency-Key came with a different body. */
    public static final class IdempotencyConflict extends RuntimeException {
        public IdempotencyConflict(String message) {
            super(message);
        }
    }

    private final OutboundMessageRepository messages;
    private final IdempotencyRepository idempotency;
    private final RequestPublisher publisher;
    private final ApiConfig config;

    private final GroupCommit commits;

    public SendService(OutboundMessageRepository messages, IdempotencyRepository idempotency,
            RequestPublisher publisher, ApiConfig config, GroupCommit commits) {
        this.commits = commits;
        this.messages = messages;
        this.idempotency = idempotency;
        this.publisher = publisher;
        this.config = config;
    }

    /**
     * Accepts {@code requests} (already validated and scoped) for {@code caller}; returns their send ids, the ids
     * of the first request when {@code idemKey} was seen with the same {@code bodyHash}.
     */
    public Uni<List<String>> accept(Caller caller, List<OutboundRequest> requests, String idemKey, String bodyHash) {
        List<String> ids = requests.stream().map(OutboundRequest::id).toList();
        // concurrent requests share commits (GroupCommit): the 202 still follows this request's own commit
        return commits.submit(() -> {
            Uni<List<String>> previous = idemKey == null ? Uni.createFrom().nullItem()
                    : idempotency.find(caller.keyId(), idemKey).map(row -> {
                        if (row == null) {
                            return null;
                        }
                        if (!bodyHash.equals(row[0])) {
                            throw new IdempotencyConflict("this Idempotency-Key was used with a different request");
                        }
                        return ids((String) row[1]);
                    });
            return previous.chain(found -> found != null ? Uni.createFrom().item(new Answer(found, true))
                    : insert(caller, requests, idemKey, bodyHash, ids).replaceWith(new Answer(ids, false)));
        }).chain(answer -> answer.replayed() ? Uni.createFrom().item(answer.ids())
                : publish(requests).replaceWith(answer.ids()));
    }

    static String json(OutboundRequest request) {
        return new String(Json.encode(request), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<String> ids(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<List<String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored idempotency answer is not a JSON list", e);
        }
    }

    private record Answer(List<String> ids, boolean replayed) {
    }

    private Uni<Void> insert(Caller caller, List<OutboundRequest> requests, String idemKey, String bodyHash,
            List<String> ids) {
        Instant now = Instant.now();
        List<dev.mailroom.egress.model.OutboundMessage> rows = new ArrayList<>();
        for (OutboundRequest r : requests) {
            rows.add(Spooler.newMessage(r, json(r), "api", caller.keyId(), now));
        }
        Uni<Void> persisted = messages.persist(rows);
        if (idemKey == null) {
            return persisted;
        }
        String response;
        try {
            response = Json.mapper().writeValueAsString(ids);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return persisted.chain(() -> idempotency.insert(caller.keyId(), idemKey, bodyHash, response, now))
                .invoke(inserted -> {
                    if (!inserted) {
                        throw new IdempotencyConflict("a request with this Idempotency-Key is in progress");
                    }
                }).replaceWithVoid();
    }

    private Uni<Void> publish(List<OutboundRequest> requests) {
        List<Uni<Void>> sends = requests.stream()
                .map(r -> publisher.publish(r.id(), json(r))
                        .onFailure().invoke(e -> Log.warnf("send request not yet on kafka sendId=%s error=%s"
                                + " (the backstop republishes it)", r.id(), e.toString()))
                        .onFailure().recoverWithNull())
                .toList();
        return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
    }

    /** Republishes REST-accepted requests that have not been spooled after a while (Kafka was down). */
    @Scheduled(every = "15s", delayed = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relayStragglers() {
        return Panache.withSession(() -> messages.acceptedBefore(Instant.now().minusSeconds(10), 500))
                .chain(list -> {
                    if (list.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    Log.infof("republishing accepted requests count=%d", list.size());
                    return Uni.join().all(list.stream().map(m -> publisher.publish(m.id, m.request)
                            .onFailure().recoverWithNull()).toList()).andCollectFailures().replaceWithVoid();
                });
    }

    /** Forgets Idempotency-Keys older than the configured window. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireIdempotencyKeys() {
        return Panache.withTransaction(() -> idempotency.deleteBefore(Instant.now().minus(config.idempotencyWindow())))
                .replaceWithVoid();
    }
}
