package dev.mailroom.mailbox.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** mailroom.events → event_log, through the real broker: mapping, tenant, idempotence, parking. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class EventLogConsumerTest {

    @Inject
    Pool pool;

    private static void publish(String service, String type, String messageId, String discriminator,
            Map<String, String> detail) {
        MailroomEvent e = new dev.mailroom.platform.events.Events(service).event(type, messageId, discriminator,
                detail);
        KafkaTestClient.produce(Topics.EVENTS, messageId, Json.encode(e), null);
    }

    private List<Row> rows(String messageId) {
        return pool.preparedQuery("SELECT type, domain, mailbox_id, data FROM event_log WHERE message_id = $1"
                + " ORDER BY seq").execute(Tuple.of(messageId)).await().indefinitely().stream().toList();
    }

    @Test
    void deliveryEventsAreLoggedUnderTheSendersDomainOnceEvenWhenTheMessageArrivesLater() {
        String sendId = Ids.newId();
        String from = "sales@" + "tenant" + TestKeys.newId("") + ".test";
        publish("egress-sender", "outbound.delivered", sendId, "bob@example.com:1",
                Map.of("recipient", "bob@example.com", "attempt", "1", "reply", "250 ok", "host", "mx.example.com"));
        publish("egress-sender", "outbound.delivered", sendId, "bob@example.com:1", // redelivered: same id
                Map.of("recipient", "bob@example.com", "attempt", "1", "reply", "250 ok", "host", "mx.example.com"));
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.preparedQuery(
                "SELECT count(*) FROM event_log_pending WHERE event->>'messageId' = $1").execute(Tuple.of(sendId))
                .await().indefinitely().iterator().next().getLong(0) == 1);
        assertEquals(0, rows(sendId).size(), "not logged without its tenant");

        String mailbox = EventRows.outboundMessage(pool, sendId, from);
        await().atMost(Duration.ofSeconds(20)).until(() -> rows(sendId).size() == 1);
        Row r = rows(sendId).get(0);
        assertEquals("message.delivered", r.getString("type"));
        assertEquals(from.substring(from.indexOf('@') + 1), r.getString("domain"));
        assertEquals(mailbox, r.getString("mailbox_id"));
        JsonObject data = (JsonObject) r.getValue("data");
        assertEquals("bob@example.com", data.getString("recipient"));
        assertEquals("250 ok", data.getString("reply"));
        assertEquals("delivered", data.getString("status"));
        assertNull(data.getValue("host"), "only the listed detail keys are copied");

        publish("egress-sender", "outbound.sent", sendId, "carol@example.com:1", Map.of("recipient", "carol@example.com"));
        publish("egress-sender", "outbound.queued", sendId, null, Map.of("messageId", "abc@x", "recipients", "2"));
        publish("egress-sender", "outbound.dsn-failed", sendId, null, Map.of("reason", "not for customers"));
        await().atMost(Duration.ofSeconds(20)).until(() -> rows(sendId).size() == 3);
        assertEquals(List.of("message.delivered", "message.delivered", "message.sent"),
                rows(sendId).stream().map(x -> x.getString("type")).toList());
        assertEquals("relayed", ((JsonObject) rows(sendId).get(1).getValue("data")).getString("status"));
    }

    @Test
    void draftAndDomainEventsCarryTheirOwnTenant() {
        String domain = "drafts" + TestKeys.newId("") + ".test";
        String draftId = Ids.newId();
        publish("agent-host", "agent.send-held", draftId, null,
                Map.of("agent", "support", "reason", "review", "from", "support@" + domain));
        publish("agent-host", "agent.draft-rejected", draftId, null,
                Map.of("agent", "support", "by", "k1", "from", "support@" + domain));
        await().atMost(Duration.ofSeconds(20)).until(() -> rows(draftId).size() == 2);
        assertEquals(List.of("draft.created", "draft.rejected"), rows(draftId).stream().map(x -> x.getString("type"))
                .toList());
        assertEquals(domain, rows(draftId).get(0).getString("domain"));
        assertEquals(Ids.derived("mailbox", "support@" + domain), rows(draftId).get(0).getString("mailbox_id"));

        publish("api", "domain.record-broken", domain, "dkim:x:1", Map.of("domain", domain, "purpose", "dkim",
                "name", "x._domainkey." + domain, "type", "TXT", "status", "missing"));
        publish("api", "domain.verified", domain, "1", Map.of("domain", domain, "dkimVerified", "true"));
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.preparedQuery(
                "SELECT count(*) FROM event_log WHERE domain = $1 AND type LIKE 'domain.%'").execute(Tuple.of(domain))
                .await().indefinitely().iterator().next().getLong(0) == 2);
        Row broken = pool.preparedQuery("SELECT data FROM event_log WHERE domain = $1 AND type = 'domain.record_broken'")
                .execute(Tuple.of(domain)).await().indefinitely().iterator().next();
        assertEquals("missing", ((JsonObject) broken.getValue("data")).getString("record_status"));
    }
}
