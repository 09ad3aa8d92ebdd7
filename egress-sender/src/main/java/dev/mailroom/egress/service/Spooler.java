package dev.mailroom.egress.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.delivery.MessageIds;
import dev.mailroom.egress.domain.DkimKeyStore;
import dev.mailroom.egress.dkim.DkimSigner;
import dev.mailroom.egress.messaging.EventPublisher;
import dev.mailroom.egress.mime.BuiltMessage;
import dev.mailroom.egress.mime.MimeBuilder;
import dev.mailroom.egress.mime.RawMessage;
import dev.mailroom.egress.model.Delivery;
import dev.mailroom.egress.model.DeliveryStatus;
import dev.mailroom.egress.model.MessageStatus;
import dev.mailroom.egress.model.OutboundMessage;
import dev.mailroom.egress.model.Suppression;
import dev.mailroom.egress.repository.DeliveryRepository;
import dev.mailroom.egress.repository.OutboundMessageRepository;
import dev.mailroom.egress.repository.SuppressionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Turns a send request into spooled mail: builds the MIME once, DKIM-signs it with the sender domain's keys
 * ({@link DkimKeyStore}: stored and configured; on a worker thread: CPU work), then in one transaction stores the signed bytes and one queue row per envelope
 * recipient (suppressed recipients are recorded as such, never attempted). A request whose message is already
 * spooled is a redelivery and changes nothing (idempotent consumer, keyed by send id).
 */
@ApplicationScoped
public class Spooler {

    /** What spooling did, and the events to publish once it is committed. */
    public record Spooled(boolean duplicate, List<MailroomEvent> events) {
    }

    private final OutboundMessageRepository messages;
    private final DeliveryRepository deliveries;
    private final SuppressionRepository suppressions;
    private final MessageIds messageIds;
    private final DkimKeyStore dkimKeys;
    private final MimeBuilder mime;
    private final DkimSigner signer;

    public Spooler(OutboundMessageRepository messages, DeliveryRepository deliveries,
            SuppressionRepository suppressions, MessageIds messageIds, DkimKeyStore dkimKeys) {
        this.messages = messages;
        this.deliveries = deliveries;
        this.suppressions = suppressions;
        this.messageIds = messageIds;
        this.dkimKeys = dkimKeys;
        this.mime = new MimeBuilder(Clock.systemUTC());
        this.signer = new DkimSigner(Clock.systemUTC());
    }

    /** The problems that keep {@code request} from being built, each naming its JSON field. */
    public List<dev.mailroom.egress.mime.Violation> problems(OutboundRequest request) {
        return request.hasRawMessage() ? RawMessage.problems(request) : mime.problems(request);
    }

    /**
     * Spools {@code request}. Fails with {@link dev.mailroom.egress.mime.InvalidMessageException} when it cannot
     * be built (the caller dead-letters it and records the failure with {@link #recordFailure}).
     */
    public Uni<Spooled> spool(OutboundRequest request, String requestJson) {
        return spoolAll(List.of(request), List.of(requestJson)).map(items -> {
            BatchItem item = items.get(0);
            if (item.invalid() != null) {
                throw item.invalid();
            }
            return item.spooled();
        });
    }

    /** One request of a batch and what became of it: spooled (or a duplicate), or invalid. */
    public record BatchItem(OutboundRequest request, String requestJson, Spooled spooled,
            dev.mailroom.egress.mime.InvalidMessageException invalid) {
    }

    /**
     * Spools many requests with one database transaction (one commit, one fsync, for the lot): what a poll of the
     * request topic brings. Requests already spooled, or twice in the batch, come back as duplicates; requests that
     * cannot be built come back with their {@link dev.mailroom.egress.mime.InvalidMessageException} and nothing is
     * stored for them. Fails as a whole when the transaction fails (the caller retries the batch, then falls back
     * to {@link #spool} one by one).
     */
    public Uni<List<BatchItem>> spoolAll(List<OutboundRequest> requests, List<String> requestJsons) {
        Context context = Vertx.currentContext();
        List<String> ids = requests.stream().map(OutboundRequest::id).distinct().toList();
        return Panache.withSession(() -> messages.spooledAmong(ids)).chain(spooled -> {
            Set<String> skip = new java.util.HashSet<>(spooled);
            List<BatchItem> items = new ArrayList<>();
            List<Integer> toStore = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                OutboundRequest request = requests.get(i);
                if (!skip.add(request.id())) {
                    items.add(new BatchItem(request, requestJsons.get(i), new Spooled(true, List.of()), null));
                } else {
                    items.add(null);
                    toStore.add(i);
                }
            }
            return Uni.createFrom().item(() -> {
                        Map<Integer, Object> built = new LinkedHashMap<>();
                        for (int i : toStore) {
                            OutboundRequest request = requests.get(i);
                            String messageId = messageIds.messageId(request);
                            try {
                                built.put(i, new Signed(messageId, sign(request, messageId)));
                            } catch (dev.mailroom.egress.mime.InvalidMessageException e) {
                                built.put(i, e);
                            }
                        }
                        return built;
                    })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .emitOn(task -> context.runOnContext(ignored -> task.run()))
                    .chain(built -> GroupCommit.inTransaction(() -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (var entry : built.entrySet()) {
                            int i = entry.getKey();
                            OutboundRequest request = requests.get(i);
                            String json = requestJsons.get(i);
                            if (entry.getValue() instanceof dev.mailroom.egress.mime.InvalidMessageException e) {
                                items.set(i, new BatchItem(request, json, null, e));
                                continue;
                            }
                            Signed signed = (Signed) entry.getValue();
                            chain = chain.chain(() -> store(request, json, signed.messageId(), signed.message())
                                    .invoke(result -> items.set(i, new BatchItem(request, json, result, null)))
                                    .replaceWithVoid());
                        }
                        return chain;
                    }))
                    .replaceWith(items);
        });
    }

    private record Signed(String messageId, BuiltMessage message) {
    }

    private BuiltMessage sign(OutboundRequest request, String messageId) {
        BuiltMessage built = request.hasRawMessage()
                ? RawMessage.prepare(request, messageId, java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))
                : mime.build(request, messageId);
        var keys = dkimKeys.keysFor(request.from().domain());
        return keys.isEmpty() ? built
                : new BuiltMessage(signer.sign(built.bytes(), keys), built.smtpUtf8(), built.eightBit());
    }

    private Uni<Spooled> store(OutboundRequest request, String requestJson, String messageId, BuiltMessage built) {
        return messages.findById(request.id(), LockModeType.PESSIMISTIC_WRITE).chain(existing -> {
            if (existing != null && existing.raw != null) {
                return Uni.createFrom().item(new Spooled(true, List.of()));
            }
            Instant now = Instant.now();
            OutboundMessage message = existing != null ? existing : newMessage(request, requestJson, "kafka", null, now);
            // a submitted message keeps its own Message-ID
            message.messageId = request.hasRawMessage() ? RawMessage.messageId(built.bytes()) : messageId;
            message.raw = built.bytes();
            message.smtpUtf8 = built.smtpUtf8();
            message.updatedAt = now;
            Map<String, String> recipients = envelopeRecipients(request);
            return suppressions.among(recipients.keySet()).chain(suppressed -> {
                Set<String> blocked = suppressed.stream().map(s -> s.address).collect(Collectors.toSet());
                List<Delivery> rows = new ArrayList<>();
                List<MailroomEvent> events = new ArrayList<>();
                recipients.forEach((key, address) -> {
                    Delivery d = new Delivery();
                    d.messageId = request.id();
                    d.recipient = address;
                    d.domain = new EmailAddress(null, address).domain();
                    d.status = (blocked.contains(key) ? DeliveryStatus.SUPPRESSED : DeliveryStatus.PENDING).value();
                    d.nextAttemptAt = now;
                    d.updatedAt = now;
                    rows.add(d);
                    if (blocked.contains(key)) {
                        events.add(EventPublisher.event("outbound.suppressed", request.id(), address,
                                Map.of("recipient", address, "reason", "on the suppression list")));
                    }
                });
                message.status = MessageStatus.of(rows.stream().map(r -> DeliveryStatus.of(r.status)).toList(),
                        false).value();
                events.add(0, EventPublisher.event("outbound.queued", request.id(), null,
                        Map.of("messageId", message.messageId, "recipients", String.valueOf(rows.size()), "tags",
                                String.join(",", request.tags()))));
                Uni<?> saved = existing != null ? Uni.createFrom().item(message) : messages.persist(message);
                return saved.chain(() -> deliveries.persist(rows)).replaceWith(new Spooled(false, events));
            });
        });
    }

    /** Records a request that cannot be sent (invalid), so its status is visible; returns the failed event. */
    public Uni<MailroomEvent> recordFailure(OutboundRequest request, String requestJson, String reason) {
        return Panache.withTransaction(() -> messages.findById(request.id()).chain(existing -> {
            Instant now = Instant.now();
            OutboundMessage message = existing != null ? existing : newMessage(request, requestJson, "kafka", null, now);
            message.status = MessageStatus.FAILED.value();
            message.failure = reason;
            message.updatedAt = now;
            return existing != null ? Uni.createFrom().item(message) : messages.persist(message);
        })).replaceWith(EventPublisher.event("outbound.failed", request.id(), null, Map.of("reason", reason)));
    }

    /** A message row for {@code request}, not yet spooled. */
    public static OutboundMessage newMessage(OutboundRequest request, String requestJson, String source,
            String apiKeyId, Instant now) {
        OutboundMessage m = new OutboundMessage();
        m.id = request.id();
        m.status = MessageStatus.ACCEPTED.value();
        m.source = source;
        m.apiKeyId = apiKeyId;
        m.sender = request.from().address();
        m.senderDomain = request.from().domain();
        m.subject = request.subject();
        m.request = requestJson;
        m.tags = String.join(",", request.tags());
        m.createdAt = now;
        m.updatedAt = now;
        return m;
    }

    /** Envelope recipients, deduplicated case-insensitively: lower-case key to the address as given. */
    static Map<String, String> envelopeRecipients(OutboundRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        for (EmailAddress a : request.allRecipients()) {
            out.putIfAbsent(a.address().toLowerCase(Locale.ROOT), a.address());
        }
        return out;
    }

    /** Adds {@code address} to the suppression list unless it is there. */
    public Uni<Void> suppress(String address, String reason, String detail, String sendId) {
        String key = address.toLowerCase(Locale.ROOT);
        return suppressions.findById(key).chain(found -> {
            if (found != null) {
                return Uni.createFrom().voidItem();
            }
            Suppression s = new Suppression();
            s.address = key;
            s.reason = reason;
            s.detail = detail;
            s.messageId = sendId;
            s.createdAt = Instant.now();
            return suppressions.persist(s).replaceWithVoid();
        });
    }
}
