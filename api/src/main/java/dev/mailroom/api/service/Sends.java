package dev.mailroom.api.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.mailroom.api.config.SendConfig;
import dev.mailroom.api.messaging.OutboundProducer;
import dev.mailroom.api.repository.IdempotencyKeys;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Accepts sends like an SMTP server accepts mail (ADR 0032): the one path of {@code POST /v1/send}, the batch, MCP
 * and every other way into the api that sends. In order: the caller must hold {@link Permission#SEND}, cover each
 * {@code from} domain and Mailroom must serve it ({@link SenderPolicy}), else {@code 403} naming {@code from}; the
 * api mints each send id and its Message-ID ({@code <send id>@<from domain>}, ADR 0025); the requests go to
 * {@code mailroom.outbound.requested} and the answer comes only once Kafka acknowledged them all
 * ({@link OutboundProducer}); no acknowledgement within {@code mailroom.send.kafka-timeout} is
 * {@code 503 kafka-unavailable} and nothing was accepted. The api keeps no copy of a request.
 *
 * <p>With an Idempotency-Key the request first claims the key ({@link IdempotencyKeys}); concurrent duplicates wait
 * for the winner's answer and replay it; the same key with another body is {@code 409 idempotency-key-reused}; a
 * failed send gives the claim up. Send ids are then derived from (key id, Idempotency-Key, body hash, position), so
 * whatever happens between the acknowledgement and the recorded answer (a crash, a lost answer), a retry writes the
 * same send ids and egress-sender, which spools a send id once, sends once.
 */
@ApplicationScoped
public class Sends {

    /** One accepted send: its id and its Message-ID (without angle brackets). */
    public record Accepted(String id, String messageId) {
    }

    private static final Duration POLL = Duration.ofMillis(50);

    private final OutboundProducer producer;
    private final IdempotencyKeys keys;
    private final ApiMetrics metrics;
    private final SenderPolicy policy;
    private final SendConfig config;

    public Sends(OutboundProducer producer, IdempotencyKeys keys, SenderPolicy policy, SendConfig config,
            ApiMetrics metrics) {
        this.metrics = metrics;
        this.producer = producer;
        this.keys = keys;
        this.policy = policy;
        this.config = config;
    }

    /**
     * Accepts {@code requests} (validated, e.g. by {@code rest/SendMapping}; their ids and Message-IDs are replaced)
     * for {@code caller}, all or none. Refusals name {@code from} for one request, {@code [i].from} for several.
     *
     * @param idempotencyKey the client's Idempotency-Key, or null
     * @param bodyHash       a digest of the request as the client wrote it ({@link #hash}); required with a key
     * @return the accepted sends, in request order
     */
    public Uni<List<Accepted>> accept(Caller caller, List<OutboundRequest> requests, String idempotencyKey,
            String bodyHash) {
        return accept(caller, requests, idempotencyKey, bodyHash, requests.size() > 1);
    }

    /** As {@link #accept(Caller, List, String, String)}, every refusal naming its position ({@code [0].from}). */
    public Uni<List<Accepted>> acceptBatch(Caller caller, List<OutboundRequest> requests, String idempotencyKey,
            String bodyHash) {
        return accept(caller, requests, idempotencyKey, bodyHash, true);
    }

    private Uni<List<Accepted>> accept(Caller caller, List<OutboundRequest> requests, String idemKey,
            String bodyHash, boolean indexed) {
        return Uni.createFrom().deferred(() -> {
            authorize(caller, requests, indexed);
            if (idemKey == null) {
                List<OutboundRequest> minted = mint(requests, i -> Ids.newId());
                return publish(minted);
            }
            List<OutboundRequest> minted = mint(requests,
                    i -> Ids.derived("send", caller.keyId(), idemKey, bodyHash, Integer.toString(i)));
            return claimOrReplay(caller.keyId(), idemKey, bodyHash, minted, Instant.now().plus(lease()).plusSeconds(2));
        });
    }

    /** Permission, scope and sender policy, before anything else: 403 naming each refused {@code from}. */
    private void authorize(Caller caller, List<OutboundRequest> requests, boolean indexed) {
        if (!caller.may(Permission.SEND)) {
            throw ApiException.forbidden("this API key may not send (it lacks the permission send)");
        }
        List<Problem.FieldError> refused = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            String domain = requests.get(i).from().domain();
            String field = indexed ? "[" + i + "].from" : "from";
            if (!caller.covers(domain)) {
                refused.add(new Problem.FieldError(field, "this API key may not send from " + domain));
            } else {
                policy.refusal(domain).ifPresent(reason -> refused.add(new Problem.FieldError(field, reason)));
            }
        }
        if (!refused.isEmpty()) {
            throw new ApiException(Problem.of(403, "forbidden", "Forbidden",
                    refused.get(0).field() + ": " + refused.get(0).detail(), refused));
        }
    }

    private Uni<List<Accepted>> claimOrReplay(String keyId, String idemKey, String bodyHash,
            List<OutboundRequest> minted, Instant deadline) {
        Instant now = Instant.now();
        return keys.claim(keyId, idemKey, bodyHash, now, now.minus(config.idempotencyWindow()), now.minus(lease()))
                .chain(won -> won ? publishClaimed(keyId, idemKey, minted) : keys.find(keyId, idemKey).chain(row -> {
                    if (row.isPresent() && !row.get().bodyHash().equals(bodyHash)) {
                        return Uni.createFrom().failure(ApiException.conflict("idempotency-key-reused",
                                "Idempotency-Key reused", "this Idempotency-Key was used with a different request"));
                    }
                    if (row.isPresent() && row.get().answer() != null) {
                        return Uni.createFrom().item(decode(row.get().answer()));
                    }
                    if (Instant.now().isAfter(deadline)) {
                        return Uni.createFrom().failure(new ApiException(Problem.of(409,
                                "idempotency-key-in-progress", "Idempotency-Key in progress",
                                "a request with this Idempotency-Key is still being accepted; retry shortly"), 1));
                    }
                    // the winner is still sending (or just gave up: then the next claim is ours)
                    return Uni.createFrom().voidItem().onItem().delayIt().by(POLL)
                            .chain(() -> claimOrReplay(keyId, idemKey, bodyHash, minted, deadline));
                }));
    }

    private Uni<List<Accepted>> publishClaimed(String keyId, String idemKey, List<OutboundRequest> minted) {
        return produce(minted)
                .onFailure().call(() -> keys.release(keyId, idemKey).onFailure().recoverWithNull())
                .onFailure().transform(this::unavailable)
                .map(ignored -> answers(minted))
                .call(answers -> keys.answer(keyId, idemKey, encode(answers)).onFailure().invoke(e -> Log.warnf(
                        "idempotency answer not recorded keyId=%s error=%s (a retry after the claim lease sends the"
                                + " same send ids again)", keyId, e.toString())).onFailure().recoverWithNull());
    }

    private Uni<List<Accepted>> publish(List<OutboundRequest> minted) {
        return produce(minted).onFailure().transform(this::unavailable).map(ignored -> answers(minted));
    }

    /** Hands {@code minted} to Kafka, counting its messages as accepted or not ({@link ApiMetrics}). */
    private Uni<Void> produce(List<OutboundRequest> minted) {
        return producer.publish(minted).replaceWithVoid()
                .onItem().invoke(() -> metrics.sends("accepted", minted.size()))
                .onFailure().invoke(() -> metrics.sends("kafka-unavailable", minted.size()));
    }

    private ApiException unavailable(Throwable cause) {
        return new ApiException(Problem.of(503, "kafka-unavailable", "Service unavailable",
                "the send could not be made durable within " + config.kafkaTimeout().toSeconds() + " s; it was not"
                        + " accepted, retry later"), 5);
    }

    /** How long a claim without an answer holds: the longest a send may take (metadata wait, then delivery). */
    private Duration lease() {
        return config.kafkaTimeout().multipliedBy(2).plusSeconds(5);
    }

    private static List<OutboundRequest> mint(List<OutboundRequest> requests, IntFunction<String> ids) {
        List<OutboundRequest> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            OutboundRequest r = requests.get(i);
            String id = ids.apply(i);
            out.add(new OutboundRequest(r.v(), id, r.from(), r.to(), r.cc(), r.bcc(), r.replyTo(), r.subject(),
                    r.text(), r.html(), r.inReplyTo(), r.references(), r.headers(), r.agent(), r.causationId(),
                    r.requestedAt(), r.attachments(), r.tags(), r.raw(), id + "@" + r.from().domain()));
        }
        return out;
    }

    private static List<Accepted> answers(List<OutboundRequest> minted) {
        return minted.stream().map(r -> new Accepted(r.id(), r.messageId())).toList();
    }

    private static String encode(List<Accepted> answers) {
        try {
            return Json.mapper().writeValueAsString(answers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Accepted> decode(String answer) {
        try {
            return Json.mapper().readValue(answer, new TypeReference<List<Accepted>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotency answer is not readable", e);
        }
    }

    /**
     * SHA-256 of {@code operation} and the request as understood (canonical JSON), so formatting differences are
     * not conflicts and one key used on two operations is.
     */
    public static String hash(String operation, Object body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((operation + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(Json.mapper().writeValueAsBytes(body)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets Idempotency-Keys older than the window. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expireIdempotencyKeys() {
        return keys.expire(Instant.now().minus(config.idempotencyWindow()))
                .invoke(n -> Log.debugf("idempotency keys expired count=%d", n)).replaceWithVoid();
    }
}
