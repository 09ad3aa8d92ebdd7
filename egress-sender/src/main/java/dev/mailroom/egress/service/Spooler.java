package dev.mailroom.egress.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.delivery.MessageIds;
import dev.mailroom.egress.dkim.PublishedDkimKeys;
import dev.mailroom.mail.dkim.DkimSigner;
import dev.mailroom.egress.messaging.EventPublisher;
import dev.mailroom.contract.DeliveryStatus;
import dev.mailroom.contract.MessageStatus;
import dev.mailroom.egress.model.Suppression;
import dev.mailroom.egress.repository.DeliverySql;
import dev.mailroom.egress.repository.MessageSql;
import dev.mailroom.egress.repository.SuppressionRepository;
import dev.mailroom.mail.mime.BuiltMessage;
import dev.mailroom.mail.mime.MimeBuilder;
import dev.mailroom.mail.mime.RawMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Turns a send request into spooled mail: builds the MIME once with the request's Message-ID ({@link MessageIds}), DKIM-signs it with the sender domain's keys
 * ({@link PublishedDkimKeys}: stored and configured; on a worker thread: CPU work), then in one transaction stores the
 * signed bytes and one queue row per envelope recipient (suppressed recipients are recorded as such, never
 * attempted). A request whose message is already spooled is a redelivery and changes nothing (idempotent consumer,
 * keyed by send id). A whole batch is three statements on the reactive SQL client ({@link MessageSql},
 * {@link DeliverySql}, ADR 0016).
 */
@ApplicationScoped
public class Spooler {

    /** What spooling did, and the events to publish once it is committed. */
    public record Spooled(boolean duplicate, List<MailroomEvent> events) {
    }

    private final Pool pool;
    private final MessageSql messageSql;
    private final DeliverySql deliverySql;
    private final SuppressionRepository suppressions;
    private final PublishedDkimKeys dkimKeys;
    private final MimeBuilder mime;
    private final DkimSigner signer;

    public Spooler(Pool pool, MessageSql messageSql, DeliverySql deliverySql, SuppressionRepository suppressions,
            PublishedDkimKeys dkimKeys) {
        this.pool = pool;
        this.messageSql = messageSql;
        this.deliverySql = deliverySql;
        this.suppressions = suppressions;
        this.dkimKeys = dkimKeys;
        this.mime = new MimeBuilder(Clock.systemUTC());
        this.signer = new DkimSigner(Clock.systemUTC());
    }

    /** The problems that keep {@code request} from being built, each naming its JSON field. */
    public List<dev.mailroom.mail.mime.Violation> problems(OutboundRequest request) {
        return request.hasRawMessage() ? RawMessage.problems(request) : mime.problems(request);
    }

    /**
     * Spools {@code request}. Fails with {@link dev.mailroom.mail.mime.InvalidMessageException} when it cannot
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
            dev.mailroom.mail.mime.InvalidMessageException invalid) {
    }

    /**
     * Spools many requests with one database transaction (one commit, one fsync, for the lot): what a poll of the
     * request topic brings. Requests already spooled, or twice in the batch, come back as duplicates; requests that
     * cannot be built come back with their {@link dev.mailroom.mail.mime.InvalidMessageException} and nothing is
     * stored for them. Fails as a whole when the transaction fails (the caller retries the batch, then falls back
     * to {@link #spool} one by one).
     */
    public Uni<List<BatchItem>> spoolAll(List<OutboundRequest> requests, List<String> requestJsons) {
        Context context = Vertx.currentContext();
        List<String> ids = requests.stream().map(OutboundRequest::id).distinct().toList();
        return messageSql.spooledAmong(pool, ids).chain(spooled -> {
            Set<String> skip = new HashSet<>(spooled);
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
            Uni<Map<Integer, Object>> signing = Uni.createFrom().item(() -> {
                Map<Integer, Object> built = new LinkedHashMap<>();
                for (int i : toStore) {
                    OutboundRequest request = requests.get(i);
                    try {
                        String messageId = MessageIds.messageId(request); // the producer's, else a plain one
                        built.put(i, new Signed(messageId, sign(request, messageId)));
                    } catch (dev.mailroom.mail.mime.InvalidMessageException e) {
                        built.put(i, e);
                    }
                }
                return built;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            if (context != null) {
                signing = signing.emitOn(task -> context.runOnContext(ignored -> task.run()));
            }
            return signing.chain(built -> {
                List<Integer> valid = new ArrayList<>();
                for (var entry : built.entrySet()) {
                    int i = entry.getKey();
                    if (entry.getValue() instanceof dev.mailroom.mail.mime.InvalidMessageException e) {
                        items.set(i, new BatchItem(requests.get(i), requestJsons.get(i), null, e));
                    } else {
                        valid.add(i);
                    }
                }
                if (valid.isEmpty()) {
                    return Uni.createFrom().voidItem();
                }
                return pool.withTransaction(connection -> store(connection, requests, requestJsons, valid, built))
                        .invoke(results -> {
                            for (int k = 0; k < valid.size(); k++) {
                                int i = valid.get(k);
                                items.set(i, new BatchItem(requests.get(i), requestJsons.get(i), results.get(k),
                                        null));
                            }
                        }).replaceWithVoid();
            }).replaceWith(items);
        });
    }

    private record Signed(String messageId, BuiltMessage message) {
    }

    private BuiltMessage sign(OutboundRequest request, String messageId) {
        String refusal = domainGate(request.from().domain());
        if (refusal != null) {
            throw new dev.mailroom.mail.mime.InvalidMessageException(
                    List.of(new dev.mailroom.mail.mime.Violation("from", refusal)));
        }
        BuiltMessage built = request.hasRawMessage()
                ? RawMessage.prepare(request, messageId, java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))
                : mime.build(request, messageId);
        var keys = dkimKeys.keysFor(request.from().domain());
        return keys.isEmpty() ? built
                : new BuiltMessage(signer.sign(built.bytes(), keys), built.smtpUtf8(), built.eightBit());
    }

    /**
     * Why a stored domain may not send (its record on {@code mailroom.domains} refuses it: DKIM not verified where
     * required; or a signing key does not open here), or null. Whoever produced the request, such mail never leaves
     * unsigned or signed with keys DNS does not show: it fails ({@code outbound.failed}, dead letter) with the reason.
     * The api refuses such a send before accepting it (its {@code SenderPolicy}); this is the MTA's own guard, for
     * every producer. Domains outside the store send as before (configured keys, or unsigned).
     */
    private String domainGate(String domain) {
        return dkimKeys.domain(domain).filter(d -> !d.maySend()).map(d -> d.refusal() != null ? d.refusal()
                : domain + " cannot send: the private keys of " + String.join(", ", d.unusable()) + " cannot be"
                        + " decrypted (mailroom.deliverability.master-key is missing or not the api's key they were"
                        + " sealed with)").orElse(null);
    }

    /**
     * Stores the signed requests {@code valid} (indexes into {@code requests}, distinct send ids) in three
     * statements: which recipients are suppressed, the messages (a message already spooled is left alone and
     * comes back a duplicate), the queue rows of the messages written.
     */
    private Uni<List<Spooled>> store(SqlConnection connection, List<OutboundRequest> requests,
            List<String> requestJsons, List<Integer> valid, Map<Integer, Object> built) {
        Instant now = Instant.now();
        List<Map<String, String>> recipients = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (int i : valid) {
            Map<String, String> r = requests.get(i).envelopeRecipients();
            recipients.add(r);
            keys.addAll(r.keySet());
        }
        return deliverySql.suppressedAmong(connection, List.copyOf(keys)).chain(suppressed -> {
            Set<String> blocked = new HashSet<>(suppressed);
            List<MessageSql.Spooled> rows = new ArrayList<>();
            for (int k = 0; k < valid.size(); k++) {
                int i = valid.get(k);
                OutboundRequest request = requests.get(i);
                Signed signed = (Signed) built.get(i);
                BuiltMessage message = signed.message();
                List<DeliveryStatus> statuses = recipients.get(k).keySet().stream()
                        .map(key -> blocked.contains(key) ? DeliveryStatus.SUPPRESSED : DeliveryStatus.PENDING)
                        .toList();
                // a submitted message keeps its own Message-ID
                String messageId = request.hasRawMessage() ? RawMessage.messageId(message.bytes())
                        : signed.messageId();
                rows.add(new MessageSql.Spooled(request.id(), MessageStatus.of(statuses, false).value(),
                        request.from().address(), request.from().domain(), request.subject(), messageId,
                        requestJsons.get(i), message.bytes(), message.smtpUtf8(), String.join(",", request.tags())));
            }
            return messageSql.spool(connection, rows, now).chain(written -> {
                List<DeliverySql.NewDelivery> queue = new ArrayList<>();
                List<Spooled> results = new ArrayList<>();
                for (int k = 0; k < valid.size(); k++) {
                    OutboundRequest request = requests.get(valid.get(k));
                    if (!written.contains(request.id())) {
                        results.add(new Spooled(true, List.of()));
                        continue;
                    }
                    List<MailroomEvent> events = new ArrayList<>();
                    events.add(EventPublisher.event("outbound.queued", request.id(), null,
                            Map.of("messageId", rows.get(k).messageId(), "recipients",
                                    String.valueOf(recipients.get(k).size()), "tags",
                                    String.join(",", request.tags()))));
                    recipients.get(k).forEach((key, address) -> {
                        boolean isBlocked = blocked.contains(key);
                        queue.add(new DeliverySql.NewDelivery(request.id(), address,
                                new EmailAddress(null, address).domain(),
                                (isBlocked ? DeliveryStatus.SUPPRESSED : DeliveryStatus.PENDING).value()));
                        if (isBlocked) {
                            events.add(EventPublisher.event("outbound.suppressed", request.id(), address,
                                    Map.of("recipient", address, "reason", "on the suppression list")));
                        }
                    });
                    results.add(new Spooled(false, events));
                }
                return deliverySql.insert(connection, queue, now).replaceWith(results);
            });
        });
    }

    /** Records a request that cannot be sent (invalid), so its status is visible; returns the failed event. */
    public Uni<MailroomEvent> recordFailure(OutboundRequest request, String requestJson, String reason) {
        MessageSql.RequestRow row = new MessageSql.RequestRow(request.id(), null, request.from().address(),
                request.from().domain(), request.subject(), requestJson, String.join(",", request.tags()));
        return messageSql.fail(pool, row, reason, Instant.now())
                .replaceWith(EventPublisher.event("outbound.failed", request.id(), null, Map.of("reason", reason)));
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
