package dev.mailroom.mailbox.rest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Rows of V1 as the mailbox's ingest writes them, inserted directly by the tests of replies. */
final class TestRows {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestRows() {
    }

    static JsonArray json(List<EmailAddress> addresses) {
        JsonArray out = new JsonArray();
        addresses.forEach(a -> out.add(new io.vertx.core.json.JsonObject().put("address", a.address())
                .put("name", a.name())));
        return out;
    }

    /** An inbound message in {@code mailbox} (created with its thread when new), as mbx-core's ingest stores it. */
    static String inbound(Pool pool, String mailbox, String agentClass, String agentInstance, String subject,
            List<EmailAddress> replyTo, String html) {
        String mailboxId = Ids.derived("mailbox", mailbox);
        String domain = mailbox.substring(mailbox.indexOf('@') + 1);
        String id = Ids.newId() + ".0";
        String messageId = id + "@example.org";
        String threadId = Ids.derived("thread", mailboxId, "root@example.org");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("INSERT INTO mailbox (id, address, domain, agent_class, agent_instance, created_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(new Object[] { mailboxId, mailbox, domain, agentClass, agentInstance, now }))
                .await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO thread (id, mailbox_id, domain, root, subject, last_message_at)"
                + " VALUES ($1, $2, $3, 'root@example.org', $4, $5) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(threadId, mailboxId, domain, subject, now)).await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO message (id, mailbox_id, thread_id, domain, direction, inbound_id,"
                + " header_message_id, in_reply_to, refs, from_address, from_name, to_addresses, cc_addresses,"
                + " reply_to, subject, date_header, at, text_body, html_body) VALUES ($1, $2, $3, $4, 'inbound', $5,"
                + " $6, $7, $8, 'ann@example.org', 'Ann Lee', $9::jsonb, $10::jsonb, $11::jsonb, $12, $13, $13,"
                + " 'Hello, where is my order?', $14)")
                .execute(Tuple.from(new Object[] { id, mailboxId, threadId, domain, id.substring(0, id.length() - 2),
                        messageId, new String[] { "root@example.org" }, new String[] { "root@example.org" },
                        json(List.of(EmailAddress.of(mailbox), new EmailAddress("Bob", "bob@example.org"))),
                        json(List.of(EmailAddress.of("carol@example.org"), EmailAddress.of(mailbox.toUpperCase()))),
                        json(replyTo), subject, now, html }))
                .await().atMost(WAIT);
        return id;
    }

}
