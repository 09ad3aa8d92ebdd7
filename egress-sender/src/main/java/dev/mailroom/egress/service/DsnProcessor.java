package dev.mailroom.egress.service;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.mailroom.contract.Ids;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.egress.messaging.EventPublisher;
import dev.mailroom.egress.model.Delivery;
import dev.mailroom.egress.model.DeliveryAttempt;
import dev.mailroom.contract.DeliveryStatus;
import dev.mailroom.contract.MessageStatus;
import dev.mailroom.egress.model.OutboundMessage;
import dev.mailroom.egress.repository.DeliveryAttemptRepository;
import dev.mailroom.egress.repository.DeliveryRepository;
import dev.mailroom.egress.repository.OutboundMessageRepository;
import dev.mailroom.mail.dsn.Dsn;
import dev.mailroom.mail.mime.MimeBuilder;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Records what an inbound DSN (RFC 3464) says about one of our sends. The DSN is matched to the send by its
 * {@code Original-Envelope-Id} (egress gives the send id as {@code ENVID} wherever the peer offers DSN), else by
 * the returned message's {@code Message-ID}; a DSN matching nothing is not ours (mail an agent sent some other way,
 * or a forgery) and is ignored.
 * <p>
 * Each recipient with action {@code failed} is bounced, even one the remote had accepted ({@code delivered},
 * {@code sent}: it accepted, then gave up): the delivery row becomes {@code bounced}, an attempt with outcome
 * {@code bounced} is added (host = {@code Remote-MTA}, reply = {@code "<status> <diagnostic>"}), the address is
 * suppressed when the status says the address is bad ({@link Bounces#hardBounce}), and the message status is
 * derived again — all in one transaction, with the message row locked so two DSNs for one message serialize. Action
 * {@code delayed} changes nothing and only gives an {@code outbound.deferred} event. Events carry
 * {@code source=dsn} and are returned for publication after the commit.
 * <p>
 * Idempotent: a recipient already bounced with the same reply is skipped, so a redelivered DSN adds no attempt and
 * no event; event ids are derived from the DSN's content, so a repeated {@code delayed} event has the same id.
 */
@ApplicationScoped
public class DsnProcessor {

    /** What a DSN did: the matched send id ({@code null}: matched nothing) and the events to publish. */
    public record Outcome(String sendId, List<MailroomEvent> events) {
    }

    public static final String SOURCE = "dsn";

    private final OutboundMessageRepository messages;
    private final DeliveryRepository deliveries;
    private final DeliveryAttemptRepository attempts;
    private final Spooler spooler;

    public DsnProcessor(OutboundMessageRepository messages, DeliveryRepository deliveries,
            DeliveryAttemptRepository attempts, Spooler spooler) {
        this.messages = messages;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.spooler = spooler;
    }

    /** Matches {@code dsn} to a send and records it in one transaction; needs a Vert.x context. */
    public Uni<Outcome> process(Dsn dsn) {
        return Panache.withTransaction(() -> find(dsn).chain(message -> {
            if (message == null) {
                Log.debugf("dsn matches no send envelopeId=%s messageId=%s", dsn.originalEnvelopeId(),
                        dsn.originalMessageId());
                return Uni.createFrom().item(new Outcome(null, List.of()));
            }
            return record(message, dsn).map(events -> new Outcome(message.id, events));
        }));
    }

    /** The send, locked: by envelope id (as written, and xtext-decoded), else by Message-ID. */
    private Uni<OutboundMessage> find(Dsn dsn) {
        Uni<OutboundMessage> found = Uni.createFrom().nullItem();
        for (String id : envelopeIds(dsn.originalEnvelopeId())) {
            found = found.chain(m -> m != null ? Uni.createFrom().item(m)
                    : messages.findById(id, LockModeType.PESSIMISTIC_WRITE));
        }
        String messageId = dsn.originalMessageId();
        return found.chain(m -> m != null || messageId == null ? Uni.createFrom().item(m)
                : messages.lockedByMessageId("<" + messageId + ">"));
    }

    /** The envelope id as written and, when different, xtext-decoded (RFC 3461 §4): {@code +2B} is {@code +}. */
    static Set<String> envelopeIds(String envelopeId) {
        Set<String> out = new LinkedHashSet<>();
        if (envelopeId == null || envelopeId.isBlank() || envelopeId.length() > 200) {
            return out;
        }
        out.add(envelopeId);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        for (int i = 0; i < envelopeId.length(); i++) {
            char c = envelopeId.charAt(i);
            if (c == '+' && i + 2 < envelopeId.length() && hex(envelopeId.charAt(i + 1)) >= 0
                    && hex(envelopeId.charAt(i + 2)) >= 0) {
                decoded.write(hex(envelopeId.charAt(i + 1)) * 16 + hex(envelopeId.charAt(i + 2)));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                decoded.write(bytes, 0, bytes.length);
            }
        }
        out.add(decoded.toString(StandardCharsets.UTF_8));
        return out;
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private Uni<List<MailroomEvent>> record(OutboundMessage message, Dsn dsn) {
        return deliveries.forMessage(message.id).chain(rows -> {
            Instant now = Instant.now();
            List<MailroomEvent> out = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Dsn.Recipient recipient : dsn.recipients()) {
                Delivery row = match(rows, recipient);
                if (row == null) {
                    Log.debugf("dsn recipient not among the send's sendId=%s rcpt=%s", message.id,
                            recipient.address());
                    continue;
                }
                if (recipient.failed()) {
                    Uni<Void> step = bounce(message, row, recipient, now, out);
                    chain = chain.chain(() -> step);
                } else if (recipient.delayed()) {
                    Map<String, String> detail = detail(message, row, recipient);
                    out.add(EventPublisher.event("outbound.deferred", message.id, row.recipient + ":dsn:"
                            + Ids.derived("delayed", orEmpty(recipient.status()),
                                    orEmpty(recipient.diagnosticCode())), detail));
                    Log.infof("outbound.deferred sendId=%s rcpt=%s source=dsn status=%s", message.id,
                            row.recipient, recipient.status());
                }
            }
            return chain.invoke(() -> {
                String status = MessageStatus.of(rows.stream().map(d -> DeliveryStatus.of(d.status)).toList(), true)
                        .value();
                if (!status.equals(message.status)) {
                    message.status = status;
                    message.updatedAt = now;
                }
            }).replaceWith(out);
        });
    }

    /**
     * Bounces {@code row} (mutated at once, so a recipient listed twice in one DSN is recorded once); the returned
     * Uni persists the attempt and any suppression.
     */
    private Uni<Void> bounce(OutboundMessage message, Delivery row, Dsn.Recipient recipient, Instant now,
            List<MailroomEvent> out) {
        String reply = reply(recipient);
        if (DeliveryStatus.SUPPRESSED.value().equals(row.status)) {
            return Uni.createFrom().voidItem(); // never sent to: the DSN cannot be about this row
        }
        if (DeliveryStatus.BOUNCED.value().equals(row.status) && reply.equals(row.lastReply)) {
            Log.debugf("dsn already recorded sendId=%s rcpt=%s", message.id, row.recipient);
            return Uni.createFrom().voidItem();
        }
        String previous = row.status;
        row.status = DeliveryStatus.BOUNCED.value();
        row.lastReply = reply;
        row.lastHost = recipient.remoteMta();
        row.updatedAt = now;
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.messageId = message.id;
        attempt.recipient = row.recipient;
        attempt.attemptedAt = now;
        attempt.host = recipient.remoteMta();
        attempt.outcome = "bounced";
        attempt.reply = reply;
        Map<String, String> detail = detail(message, row, recipient);
        detail.put("reply", reply);
        detail.put("previousStatus", previous);
        out.add(EventPublisher.event("outbound.bounced", message.id, row.recipient + ":dsn:"
                + Ids.derived("failed", reply), detail));
        boolean hard = Bounces.hardBounce(recipient);
        Log.infof("outbound.bounced sendId=%s rcpt=%s source=dsn reply=%s suppress=%s", message.id, row.recipient,
                reply, hard);
        return Uni.createFrom().deferred(() -> attempts.persist(attempt)).chain(() -> hard
                ? spooler.suppress(row.recipient, "hard-bounce", reply, message.id)
                : Uni.createFrom().voidItem());
    }

    /** The delivery row the DSN recipient names: by final recipient, else by original recipient; case-insensitive. */
    static Delivery match(List<Delivery> rows, Dsn.Recipient recipient) {
        for (String address : new String[] {recipient.finalRecipient(), recipient.originalRecipient()}) {
            if (address == null) {
                continue;
            }
            for (Delivery row : rows) {
                if (row.recipient.equalsIgnoreCase(address) || address.equalsIgnoreCase(envelope(row.recipient))) {
                    return row;
                }
            }
        }
        return null;
    }

    private static String envelope(String address) {
        try {
            return MimeBuilder.envelopeAddress(address);
        } catch (RuntimeException e) {
            return address;
        }
    }

    /** {@code "<status> <diagnostic>"}, as far as the DSN gives them. */
    static String reply(Dsn.Recipient recipient) {
        String status = recipient.status();
        String diagnostic = recipient.diagnosticCode();
        if (status != null && diagnostic != null) {
            return status + " " + diagnostic;
        }
        return status != null ? status : diagnostic != null ? diagnostic : "failed (no status given)";
    }

    private static Map<String, String> detail(OutboundMessage message, Delivery row, Dsn.Recipient recipient) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("recipient", row.recipient);
        if (recipient.status() != null) {
            detail.put("status", recipient.status());
        }
        if (recipient.diagnosticCode() != null) {
            detail.put("diagnostic", recipient.diagnosticCode());
        }
        if (recipient.remoteMta() != null) {
            detail.put("host", recipient.remoteMta());
        }
        detail.put("source", SOURCE);
        if (!message.tags.isEmpty()) {
            detail.put("tags", message.tags);
        }
        return detail;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
