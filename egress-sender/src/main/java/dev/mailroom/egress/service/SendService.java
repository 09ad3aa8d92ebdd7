package dev.mailroom.egress.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.config.ApiConfig;
import dev.mailroom.egress.messaging.RequestPublisher;
import dev.mailroom.egress.repository.IdempotencyRepository;
import dev.mailroom.egress.repository.MessageSql;
import dev.mailroom.egress.repository.OutboundMessageRepository;
import dev.mailroom.platform.auth.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

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

    /** Concurrent accepts share transactions: one statement per kind of row for the whole group. */
    private final GroupCommit<Accept, Answer> commits;

    public SendService(OutboundMessageRepository messages, IdempotencyRepository idempotency,
            RequestPublisher publisher, ApiConfig config, Pool pool, MessageSql messageSql) {
        this.messages = messages;
        this.idempotency = idempotency;
        this.publisher = publisher;
        this.config = config;
        this.commits = new GroupCommit<>(pool, (connection, items) -> acceptAll(messageSql, connection, items));
    }

    /**
     * Accepts {@code requests} (already validated and scoped) for {@code caller}; returns their send ids, the ids
     * of the first request when {@code idemKey} was seen with the same {@code bodyHash}.
     */
    public Uni<List<String>> accept(Caller caller, List<OutboundRequest> requests, String idemKey, String bodyHash) {
        List<String> jsons = requests.stream().map(SendService::json).toList();
        // concurrent requests share commits (GroupCommit): the 202 still follows this request's own commit
        return commits.submit(new Accept(caller.keyId(), requests, jsons, idemKey, bodyHash))
                .chain(answer -> answer.replayed() ? Uni.createFrom().item(answer.ids())
                        : publish(requests, jsons).replaceWith(answer.ids()));
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

    /** One accept call: its requests (and their JSON) and its Idempotency-Key, if any. */
    record Accept(String keyId, List<OutboundRequest> requests, List<String> jsons, String idemKey,
            String bodyHash) {

        List<String> ids() {
            return requests.stream().map(OutboundRequest::id).toList();
        }
    }

    private record Answer(List<String> ids, boolean replayed) {
    }

    /**
     * The accepts of a group in one transaction: the Idempotency-Keys given are looked up (one statement), the
     * new messages inserted (one statement) and the new keys' answers recorded (one statement). An accept that
     * must fail (a key used with another body, or recorded concurrently) fails the whole group, which
     * {@link GroupCommit} then replays one accept per transaction.
     */
    private static Uni<List<Answer>> acceptAll(MessageSql sql, SqlConnection connection, List<Accept> items) {
        List<String> keyIds = new ArrayList<>();
        List<String> idemKeys = new ArrayList<>();
        for (Accept a : items) {
            if (a.idemKey() != null) {
                keyIds.add(a.keyId());
                idemKeys.add(a.idemKey());
            }
        }
        return sql.idempotencyAnswers(connection, keyIds, idemKeys).chain(stored -> {
            Map<String, MessageSql.IdempotencyAnswer> previous = new HashMap<>();
            stored.forEach(answer -> previous.put(answer.apiKeyId() + " " + answer.idemKey(), answer));
            Instant now = Instant.now();
            List<Answer> answers = new ArrayList<>();
            List<MessageSql.Accepted> rows = new ArrayList<>();
            List<MessageSql.IdempotencyAnswer> keys = new ArrayList<>();
            for (Accept a : items) {
                MessageSql.IdempotencyAnswer found = a.idemKey() == null ? null
                        : previous.get(a.keyId() + " " + a.idemKey());
                if (found != null) {
                    if (!a.bodyHash().equals(found.requestHash())) {
                        throw new IdempotencyConflict("this Idempotency-Key was used with a different request");
                    }
                    answers.add(new Answer(ids(found.response()), true));
                    continue;
                }
                for (int i = 0; i < a.requests().size(); i++) {
                    OutboundRequest r = a.requests().get(i);
                    rows.add(new MessageSql.Accepted(r.id(), a.keyId(), r.from().address(), r.from().domain(),
                            r.subject(), a.jsons().get(i), String.join(",", r.tags())));
                }
                if (a.idemKey() != null) {
                    try {
                        keys.add(new MessageSql.IdempotencyAnswer(a.keyId(), a.idemKey(), a.bodyHash(),
                                Json.mapper().writeValueAsString(a.ids())));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }
                answers.add(new Answer(a.ids(), false));
            }
            return sql.insertAccepted(connection, rows, now)
                    .chain(() -> sql.insertIdempotencyAnswers(connection, keys, now))
                    .map(recorded -> {
                        if (recorded.size() != keys.size()) {
                            // another request recorded the key first (or it is twice in this group)
                            throw new IdempotencyConflict("a request with this Idempotency-Key is in progress");
                        }
                        return answers;
                    });
        });
    }

    private Uni<Void> publish(List<OutboundRequest> requests, List<String> jsons) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            OutboundRequest r = requests.get(i);
            sends.add(publisher.publish(r.id(), jsons.get(i))
                    .onFailure().invoke(e -> Log.warnf("send request not yet on kafka sendId=%s error=%s"
                            + " (the backstop republishes it)", r.id(), e.toString()))
                    .onFailure().recoverWithNull());
        }
        return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
    }

    /** Republishes REST-accepted requests that have not been spooled after a while (Kafka was down). */
    @Scheduled(every = "15s", delayed = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
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
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expireIdempotencyKeys() {
        return Panache.withTransaction(() -> idempotency.deleteBefore(Instant.now().minus(config.idempotencyWindow())))
                .replaceWithVoid();
    }
}
