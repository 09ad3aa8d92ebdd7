package dev.mailroom.mailbox.webhook;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.mailroom.contract.Ids;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Test rows written directly, where another part (ingest, the producers) would write them. */
final class EventRows {

    private EventRows() {
    }

    /** Logs a customer event; its seq. */
    static long log(Pool pool, String type, String domain, String mailboxId, String messageId, JsonObject data) {
        return pool.preparedQuery("INSERT INTO event_log (id, type, domain, mailbox_id, message_id, at, data)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq")
                .execute(Tuple.from(new Object[] {"evt_" + Ids.newId(), type, domain, mailboxId, messageId,
                        OffsetDateTime.now(ZoneOffset.UTC), data}))
                .await().indefinitely().iterator().next().getLong(0);
    }

    /** A mailbox, a thread and an outbound message from {@code from}; the message's mailbox id. */
    static String outboundMessage(Pool pool, String messageId, String from) {
        String domain = from.substring(from.indexOf('@') + 1);
        String mailbox = Ids.derived("mailbox", from);
        String thread = Ids.derived("thread", mailbox, messageId);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("INSERT INTO mailbox (id, address, domain, created_at) VALUES ($1, $2, $3, $4)"
                + " ON CONFLICT DO NOTHING").execute(Tuple.of(mailbox, from, domain, now)).await().indefinitely();
        pool.preparedQuery("INSERT INTO thread (id, mailbox_id, domain, root, subject, last_message_at)"
                + " VALUES ($1, $2, $3, $4, 'hi', $5)").execute(Tuple.of(thread, mailbox, domain, messageId, now))
                .await().indefinitely();
        pool.preparedQuery("INSERT INTO message (id, mailbox_id, thread_id, domain, direction, at, status, folder)"
                + " VALUES ($1, $2, $3, $4, 'outbound', $5, 'queued', 'sent')")
                .execute(Tuple.of(messageId, mailbox, thread, domain, now)).await().indefinitely();
        return mailbox;
    }
}
