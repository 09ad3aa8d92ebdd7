package dev.mailroom.mailbox.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.DeliveryStatus;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.MessageStatus;
import dev.mailroom.mailbox.repository.DeliverySql;
import dev.mailroom.mailbox.repository.ThreadSql;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The delivery of outbound messages from egress-sender's {@code outbound.*} events on {@code mailroom.events}: the
 * recipient rows, the attempts and the message status, computed with the contract's {@link MessageStatus} exactly
 * as egress computes it. Events may come before their request (two topics): the rows wait, and the status is
 * computed whichever arrives second. Each event is applied once (its id in {@code delivery_event}).
 */
@ApplicationScoped
public class DeliveryEvents {

    public static final String PREFIX = "outbound.";

    private final Pool pool;
    private final DeliverySql sql;
    private final ThreadSql threads;

    public DeliveryEvents(Pool pool, DeliverySql sql, ThreadSql threads) {
        this.pool = pool;
        this.sql = sql;
        this.threads = threads;
    }

    /** Applies {@code event} when it is about a delivery; answers whether it changed anything. */
    public Uni<Boolean> apply(MailroomEvent event) {
        if (!event.type().startsWith(PREFIX)) {
            return Uni.createFrom().item(false);
        }
        String id = event.id() != null ? event.id() : event.type() + ":" + event.messageId();
        String recipient = event.detail().get("recipient");
        Instant at = event.at() != null ? event.at() : Instant.now();
        return pool.withTransaction(tx -> sql.markEvent(tx, id, event.messageId(), event.type(), recipient, at)
                .call(isNew -> isNew ? record(tx, event, recipient, at).chain(() -> recompute(tx, event.messageId()))
                        : Uni.createFrom().voidItem()))
                .invoke(isNew -> Log.debugf("delivery event type=%s sendId=%s rcpt=%s new=%s", event.type(),
                        event.messageId(), recipient, isNew));
    }

    private Uni<Void> record(SqlClient tx, MailroomEvent event, String recipient, Instant at) {
        DeliveryStatus status = DeliveryStatus.ofEvent(event.type());
        if (recipient == null || status == null) {
            return Uni.createFrom().voidItem(); // about the message as a whole: the event row says it
        }
        Integer attempt = number(event.detail().get("attempt"));
        String reply = event.detail().get("reply");
        String outcome = event.type().substring(PREFIX.length());
        if (attempt != null) { // an SMTP attempt by egress
            return sql.recipient(tx, event.messageId(), recipient, status.value(), attempt, reply, at)
                    .chain(() -> sql.attempt(tx, event.messageId(), recipient, attempt, outcome, reply,
                            event.detail().get("host"), at));
        }
        return switch (status) {
            case BOUNCED -> sql.recipient(tx, event.messageId(), recipient, status.value(), null, reply, at) // a DSN
                    .chain(() -> sql.attempt(tx, event.messageId(), recipient, null, outcome, reply,
                            event.detail().get("host"), at));
            case PENDING -> Uni.createFrom().voidItem(); // a delayed DSN changes nothing, as at egress
            default -> sql.recipient(tx, event.messageId(), recipient, status.value(), null, reply, at);
        };
    }

    /**
     * Recomputes the status of outbound message {@code messageId} from its delivery rows, and its thread's
     * {@code delivery_problem} when the status changed.
     */
    public Uni<Void> recompute(SqlClient tx, String messageId) {
        return status(tx, messageId).chain(thread -> thread == null ? Uni.createFrom().voidItem()
                : threads.recount(tx, List.of(thread)));
    }

    private Uni<String> status(SqlClient tx, String messageId) {
        return sql.failedAsAWhole(tx, messageId).chain(failed -> failed
                ? sql.messageStatus(tx, messageId, MessageStatus.FAILED.value())
                : sql.recipients(tx, messageId).chain(rows -> {
                    if (rows.isEmpty()) {
                        return sql.messageStatus(tx, messageId, MessageStatus.QUEUED.value());
                    }
                    List<DeliveryStatus> statuses = rows.stream().map(r -> DeliveryStatus.of(r.status())).toList();
                    boolean attempted = rows.stream().anyMatch(r -> r.attempts() > 0);
                    return sql.messageStatus(tx, messageId, MessageStatus.of(statuses, attempted).value());
                }));
    }

    private static Integer number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
