package dev.mailroom.mailbox.messaging;

import static dev.mailroom.mailbox.support.Fixtures.count;
import static dev.mailroom.mailbox.support.Fixtures.row;
import static dev.mailroom.mailbox.support.Fixtures.until;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.mailbox.support.Fixtures;
import dev.mailroom.mailbox.support.Fixtures.Sha;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.RecordedAnswers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class IngestTest {

    private static final AgentRef SUPPORT_T1 = new AgentRef("Support", "t1");

    @Inject
    Pool pool;

    private static byte[] eml(String messageId) {
        return ("From: Sender <sender@example.org>\r\nTo: support@x\r\nMessage-ID: <" + messageId + ">\r\n"
                + "Subject: hello\r\n\r\nbody " + messageId + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void awaitMessage(String id) {
        until(() -> row(pool, "SELECT 1 FROM message WHERE id = $1", id) != null);
    }

    @Test
    void aRoutedMessageWithAPdfAndAPngLandsInItsMailboxAndThreadWithTheBytesSent() {
        String domain = Fixtures.newDomain();
        String rcpt = "Support+T1@" + domain.toUpperCase();
        String inboundId = Fixtures.newId();
        byte[] eml = eml("m1." + inboundId + "@example.org");
        byte[] pdf = Fixtures.pdf();
        byte[] png = Fixtures.png();
        Fixtures.raw(inboundId, rcpt, eml);
        RoutedEmail routed = Fixtures.routed(inboundId, rcpt, SUPPORT_T1, Route.byAddress(),
                Fixtures.parsed("m1." + inboundId + "@example.org", List.of(), List.of(), "sender@example.org", rcpt,
                        "Quarterly report", "Please find the report attached.\n\nThanks",
                        List.of(Fixtures.attachment("report.pdf", "application/pdf", pdf),
                                Fixtures.attachment("chart.png", "image/png", png)),
                        null));
        awaitMessage(routed.id());
        until(() -> row(pool, "SELECT raw_sha256 FROM message WHERE id = $1", routed.id()).getString(0) != null);

        String address = "support+t1@" + domain;
        Row mailbox = row(pool, "SELECT id, domain, agent_class, agent_instance FROM mailbox WHERE address = $1",
                address);
        assertNotNull(mailbox, "mailbox of the lower-case envelope recipient");
        assertEquals(Ids.derived("mailbox", address), mailbox.getString("id"));
        assertEquals(domain, mailbox.getString("domain"));
        assertEquals("Support", mailbox.getString("agent_class"));
        assertEquals("t1", mailbox.getString("agent_instance"));
        String threadId = Ids.derived("thread", mailbox.getString("id"), "m1." + inboundId + "@example.org");
        assertEquals(threadId, row(pool, "SELECT thread_id FROM message WHERE id = $1", routed.id()).getString(0));
        assertEquals(1L, count(pool, "SELECT count(*) FROM event_log WHERE id = $1", "message.received:" + routed.id()));
        assertEquals(1, row(pool, "SELECT refcount FROM blob WHERE sha256 = $1", Sha.hex(pdf)).getInteger(0));
        assertEquals("pending", row(pool, "SELECT status FROM attachment_text WHERE sha256 = $1", Sha.hex(png))
                .getString(0));

        String key = Fixtures.readKey(domain);
        JsonPath message = given().header("Authorization", "Bearer " + key).get("/v1/messages/" + routed.id())
                .then().statusCode(200).extract().jsonPath();
        assertEquals("inbound", message.getString("direction"));
        assertEquals(address, message.getString("mailbox"));
        assertEquals(threadId, message.getString("thread_id"));
        assertEquals("Please find the report attached. Thanks", message.getString("snippet"));
        assertEquals("Support", message.getString("agent.class"));
        assertEquals("address", message.getString("route.by"));
        assertEquals(Sha.hex(pdf), message.getString("attachments[0].sha256"));
        assertEquals("application/pdf", message.getString("attachments[0].content_type"));
        assertEquals(Sha.hex(png), message.getString("attachments[1].sha256"));
        assertEquals("pending", message.getString("attachments[1].text_status"));
        assertEquals(Sha.hex(eml), message.getString("raw.sha256"));

        for (int i = 0; i < 2; i++) {
            byte[] bytes = given().header("Authorization", "Bearer " + key)
                    .get("/v1/messages/" + routed.id() + "/attachments/" + message.getString("attachments[" + i + "].id"))
                    .then().statusCode(200).extract().asByteArray();
            assertEquals(i == 0 ? Sha.hex(pdf) : Sha.hex(png), Sha.hex(bytes));
        }
        byte[] raw = given().header("Authorization", "Bearer " + key).get("/v1/messages/" + routed.id() + "/raw")
                .then().statusCode(200).contentType("message/rfc822").extract().asByteArray();
        assertEquals(Sha.hex(eml), Sha.hex(raw));

        RecordedAnswers.record("getThread", given().header("Authorization", "Bearer " + key)
                .get("/v1/threads/" + threadId).then().statusCode(200).body("message_count", equalTo(1)).body("unread_count", equalTo(1))
                .body("needs_reply", equalTo(true)).body("messages[0].id", equalTo(routed.id()))
                .body("messages[0].attachments.size()", equalTo(2)).extract().asString());
        RecordedAnswers.record("listMailboxes", given().header("Authorization", "Bearer " + key)
                .get("/v1/mailboxes").then().statusCode(200)
                .body("items[0].address", equalTo(address)).body("items[0].messages", equalTo(1))
                .body("items[0].unread", equalTo(1)).body("items[0].threads_needing_reply", equalTo(1))
                .extract().asString());
    }

    @Test
    void repliesByTokenByReferencesAndFromTheMailboxJoinTheThread() {
        String domain = Fixtures.newDomain();
        String rcpt = "support+t1@" + domain;
        String first = Fixtures.newId();
        String rootId = "root." + first + "@example.org";
        RoutedEmail m1 = Fixtures.routed(first, rcpt, SUPPORT_T1, Route.byAddress(), Fixtures.parsed(rootId,
                List.of(), List.of(), "sender@example.org", rcpt, "Question", "Hi", List.of(), null));
        awaitMessage(m1.id());
        String threadId = row(pool, "SELECT thread_id FROM message WHERE id = $1", m1.id()).getString(0);

        // our agent's answer (outbound) with a signed token Message-ID, answering the first message
        String answerId = "tok." + first + "@" + domain;
        OutboundRequest answer = new OutboundRequest(OutboundRequest.VERSION, "s" + first,
                EmailAddress.of(rcpt), List.of(EmailAddress.of("sender@example.org")), List.of(), List.of(), List.of(),
                "Re: Question", "Answer", null, rootId, List.of(rootId), Map.of(), SUPPORT_T1, m1.id(), null,
                List.of(), List.of(), null, answerId);
        Fixtures.produce(answer);
        awaitMessage(answer.id());
        Row sent = row(pool, "SELECT thread_id, folder, unread, status FROM message WHERE id = $1", answer.id());
        assertEquals(threadId, sent.getString("thread_id"));
        assertEquals("sent", sent.getString("folder"));
        assertEquals(false, sent.getBoolean("unread"));
        assertEquals("queued", sent.getString("status"));
        assertEquals(false, row(pool, "SELECT needs_reply FROM thread WHERE id = $1", threadId).getBoolean(0),
                "answered");

        // the customer answers our answer: the router verified the token, whose thread root differs
        String second = Fixtures.newId();
        RoutedEmail m2 = Fixtures.routed(second, rcpt, SUPPORT_T1, new Route(Route.BY_REPLY_TOKEN, true, null),
                Fixtures.parsed("r2." + second + "@example.org", List.of(answerId), List.of(), "sender@example.org",
                        rcpt, "Re: Question", "Thanks", List.of(), "some-other-root@example.org"));
        awaitMessage(m2.id());
        assertEquals(threadId, row(pool, "SELECT thread_id FROM message WHERE id = $1", m2.id()).getString(0));

        // a plain reply whose References start at the root
        String third = Fixtures.newId();
        RoutedEmail m3 = Fixtures.routed(third, rcpt, SUPPORT_T1, Route.byAddress(),
                Fixtures.parsed("r3." + third + "@example.org", List.of("r2." + second + "@example.org"),
                        List.of(rootId, answerId, "r2." + second + "@example.org"), "sender@example.org", rcpt,
                        "Re: Question", "One more thing", List.of(), rootId));
        awaitMessage(m3.id());
        Row thread = row(pool, "SELECT message_count, unread_count, needs_reply FROM thread WHERE id = $1", threadId);
        assertEquals(4, thread.getInteger("message_count"));
        assertEquals(3, thread.getInteger("unread_count"));
        assertEquals(true, thread.getBoolean("needs_reply"));
    }

    @Test
    void redeliveredRecordsChangeNothing() {
        String domain = Fixtures.newDomain();
        String rcpt = "billing@" + domain;
        AgentRef agent = new AgentRef("Billing", Fixtures.newId());
        String inboundId = Fixtures.newId();
        byte[] eml = eml("dup." + inboundId + "@example.org");
        byte[] pdf = Fixtures.pdf();
        ParsedMessage parsed = Fixtures.parsed("dup." + inboundId + "@example.org", List.of(), List.of(),
                "sender@example.org", rcpt, "Invoice", "See attached", List.of(Fixtures.attachment("invoice.pdf",
                        "application/pdf", pdf)), null);
        Fixtures.raw(inboundId, rcpt, eml);
        RoutedEmail routed = Fixtures.routed(inboundId, rcpt, agent, Route.byAddress(), parsed);
        awaitMessage(routed.id());
        until(() -> row(pool, "SELECT raw_sha256 FROM message WHERE id = $1", routed.id()).getString(0) != null);
        String before = snapshot(routed.id(), Sha.hex(pdf), Sha.hex(eml));

        Fixtures.raw(inboundId, rcpt, eml);
        Fixtures.produce(routed);
        // sentinels behind the copies, in the same partitions: once they are filed, the copies were consumed
        String sentinel = Fixtures.newId();
        Fixtures.raw(inboundId, sentinel, rcpt, eml("s." + sentinel + "@example.org"));
        RoutedEmail after = Fixtures.routed(sentinel, rcpt, agent, Route.byAddress(), Fixtures.parsed(
                "s." + sentinel + "@example.org", List.of(), List.of(), "sender@example.org", rcpt, "Other", "x",
                List.of(), null));
        awaitMessage(after.id());
        until(() -> row(pool, "SELECT 1 FROM raw_message WHERE inbound_id = $1", sentinel) != null);
        assertEquals(before, snapshot(routed.id(), Sha.hex(pdf), Sha.hex(eml)));
    }

    private String snapshot(String messageId, String pdf, String raw) {
        Row m = row(pool, "SELECT thread_id, mailbox_id, inbound_id FROM message WHERE id = $1", messageId);
        return List.of(
                count(pool, "SELECT count(*) FROM message WHERE mailbox_id = $1 AND inbound_id = $2",
                        m.getString("mailbox_id"), m.getString("inbound_id")),
                count(pool, "SELECT count(*) FROM attachment WHERE message_id = $1", messageId),
                count(pool, "SELECT count(*) FROM raw_message WHERE sha256 = $1", raw),
                count(pool, "SELECT refcount FROM blob WHERE sha256 = $1", pdf),
                count(pool, "SELECT refcount FROM blob WHERE sha256 = $1", raw),
                count(pool, "SELECT count(*) FROM event_log WHERE message_id = $1", messageId),
                count(pool, "SELECT message_count FROM thread WHERE id = $1", m.getString("thread_id")),
                count(pool, "SELECT unread_count FROM thread WHERE id = $1", m.getString("thread_id"))).toString();
    }

    @Test
    void deliveryEventsGiveTheStatusAndAttemptsAlsoBeforeTheRequest() {
        String domain = Fixtures.newDomain();
        String from = "news@" + domain;
        String key = Fixtures.readKey(domain);

        // two recipients: one delivered, one deferred then bounced
        String partial = "p" + Fixtures.newId();
        Fixtures.produce(new OutboundRequest(OutboundRequest.VERSION, partial, EmailAddress.of(from),
                List.of(EmailAddress.of("a@example.net"), EmailAddress.of("B@example.com")), List.of(), List.of(),
                List.of(), "Hello", "Hi all", null, null, List.of(), Map.of(), null, null, null,
                List.of(new OutboundRequest.Attachment("a.pdf", "application/pdf",
                        java.util.Base64.getEncoder().encodeToString(Fixtures.pdf()), null)), List.of()));
        awaitMessage(partial);
        Fixtures.event("outbound.delivered", partial, "a@example.net", 1, "250 2.0.0 ok");
        Fixtures.event("outbound.deferred", partial, "B@example.com", 1, "451 4.7.1 later");
        Fixtures.event("outbound.bounced", partial, "B@example.com", 2, "550 5.1.1 no such user");
        until(() -> "partially-delivered".equals(row(pool, "SELECT status FROM message WHERE id = $1", partial)
                .getString(0)));
        String answer = given().header("Authorization", "Bearer " + key).get("/v1/messages/" + partial).then()
                .statusCode(200).body("status", equalTo("partially-delivered")).body("direction", equalTo("outbound"))
                .body("folder", equalTo("sent")).body("recipients.size()", equalTo(2))
                .body("recipients.address", hasItems("a@example.net", "B@example.com"))
                .body("recipients.find { it.address == 'B@example.com' }.status", equalTo("bounced"))
                .body("recipients.find { it.address == 'B@example.com' }.attempts", equalTo(2))
                .body("recipients.find { it.address == 'B@example.com' }.last_reply", equalTo("550 5.1.1 no such user"))
                .body("attempts.size()", equalTo(3)).body("attempts.outcome", hasItems("delivered", "deferred", "bounced"))
                .body("attempts[0].host", equalTo("mx.example.net")).body("attachments.size()", equalTo(1))
                .extract().asString();
        RecordedAnswers.record("getMessage", answer);

        // the event comes before its request (two topics)
        String early = "e" + Fixtures.newId();
        var delivered = Fixtures.event("outbound.delivered", early, "c@example.org", 1, "250 ok");
        until(() -> row(pool, "SELECT 1 FROM delivery WHERE message_id = $1", early) != null);
        Fixtures.produce(new OutboundRequest(OutboundRequest.VERSION, early, EmailAddress.of(from),
                List.of(EmailAddress.of("c@example.org")), List.of(), List.of(), List.of(), "Hello", "Hi", null, null,
                List.of(), Map.of(), null, null));
        awaitMessage(early);
        assertEquals("delivered", row(pool, "SELECT status FROM message WHERE id = $1", early).getString(0));

        // a redelivered event adds no attempt
        Fixtures.produce(delivered);
        var sentinel = Fixtures.event("outbound.delivered", early, "sentinel@example.org", 1, "250 ok");
        until(() -> row(pool, "SELECT 1 FROM delivery_event WHERE id = $1", sentinel.id()) != null);
        assertEquals(1L, count(pool, "SELECT count(*) FROM delivery_attempt WHERE message_id = $1 AND recipient = $2",
                early, "c@example.org"));
        given().header("Authorization", "Bearer " + key).get("/v1/messages/" + early).then().statusCode(200)
                .body("status", equalTo("delivered")).body("recipients[0].attempts", equalTo(1));
    }
}
