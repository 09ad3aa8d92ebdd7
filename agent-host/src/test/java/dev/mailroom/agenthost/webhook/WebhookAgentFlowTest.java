package dev.mailroom.agenthost.webhook;

import static dev.mailroom.agenthost.TestMail.WAIT;
import static dev.mailroom.agenthost.TestMail.awaitDraft;
import static dev.mailroom.agenthost.TestMail.causedBy;
import static dev.mailroom.agenthost.TestMail.countCausedBy;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static dev.mailroom.agenthost.TestMail.routed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;


import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresNode;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Webhook agents against a real local HTTP server ({@link WebhookServer}): signed calls, answers applied, failures. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(WebhookServer.class)
class WebhookAgentFlowTest {

    private static String deadLetterReason(RoutedEmail email) {
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_ROUTED),
                r -> r.key().equals(email.agent().key()), 1, WAIT).get(0);
        return DeadLetter.header(dead.headers(), KafkaHeaders.DEAD_LETTER_REASON);
    }

    @Test
    void signedCallGetsStateAndHistoryAndItsAnswerIsApplied() {
        String t = instance("hook");
        RoutedEmail first = routed("Hook", t, "hello");
        publish(first);
        assertEquals("hook count=1 seen=1", causedBy(first.id()).text(), "the signature verified; the message in history");
        RoutedEmail second = routed("Hook", t, "again", List.of(first.message().messageId()), Route.byAddress());
        publish(second);
        OutboundRequest reply = causedBy(second.id());
        assertEquals("hook count=2 seen=3", reply.text(), "state kept; history: in, out, in");
        assertEquals(second.message().messageId(), reply.inReplyTo());
        // the signed bytes are the public style (ADR 0030): snake_case names, RFC 3339 UTC times
        JsonNode signed = WebhookServer.SIGNED_BODIES.get(second.id());
        assertEquals("Hook", signed.path("agent").path("class_name").asText(), signed.toString());
        assertTrue(signed.path("email").path("received_at").asText().endsWith("Z"), signed.toString());
        assertEquals(second.message().messageId(), signed.path("email").path("message").path("message_id").asText());
        assertTrue(signed.path("history").get(0).path("messages").get(0).has("thread_id"), signed.toString());
        assertCamelCaseFree(signed, "");
    }

    /** No member name with an upper-case letter, except inside the agent's own JSON (state, payload) and headers. */
    private static void assertCamelCaseFree(JsonNode node, String path) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertCamelCaseFree(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                if (List.of("state", "payload", "headers", "routing_headers").contains(name)) {
                    return;
                }
                assertEquals(name.toLowerCase(java.util.Locale.ROOT), name, "not snake_case: " + path + "." + name);
                assertCamelCaseFree(node.get(name), path + "." + name);
            });
        }
    }

    @Test
    void schedulesAndDraftsFromTheAnswerWorkLikeAJavaAgents() {
        String t = instance("hooksched");
        RoutedEmail email = routed("Hook", t, "later");
        publish(email);
        causedBy(email.id());
        OutboundRequest woke = causedBy(Ids.derived(email.id(), "schedule", "0"));
        assertTrue(woke.text().startsWith("woke n=1 thread="), woke.text());
        assertEquals("scheduled", woke.subject());

        RoutedEmail draft = routed("Hook", t, "draft");
        publish(draft);
        String id = Ids.derived(draft.id(), "reply", "0");
        Draft held = awaitDraft(id);
        assertTrue(held.request.contains("proposed"), held.request);
        assertEquals(0, countCausedBy(draft.id()));
    }

    @Test
    void anAnswerThatRepliesAndWritesToAColleagueKeepsTwoThreadsWhenTheRepliesComeFirst() {
        replyAndNewMessageEachKeepTheirThread("replies first");
    }

    @Test
    void anAnswerThatRepliesAndWritesToAColleagueKeepsTwoThreadsWhenTheSendsComeFirst() {
        replyAndNewMessageEachKeepTheirThread("sends first");
    }

    /**
     * Issue 15: one answer replies to the customer and starts a thread with a colleague, both issued in one second;
     * the customer's answer (In-Reply-To the reply's Message-ID, as the outbound request carries it) and the
     * colleague's (to the new message's) each land in their own thread.
     */
    private static void replyAndNewMessageEachKeepTheirThread(String order) {
        String t = instance("relay");
        RoutedEmail question = routed("RelayHook", t, order);
        publish(question);
        List<OutboundRequest> out = causedBy(question.id(), 2);
        OutboundRequest reply = out.stream().filter(r -> r.inReplyTo() != null).findFirst().orElseThrow();
        OutboundRequest news = out.stream().filter(r -> r.inReplyTo() == null).findFirst().orElseThrow();
        assertEquals("ann@example.org", reply.to().get(0).address());
        assertEquals("colleague@example.org", news.to().get(0).address());
        String customerThread = reply.text().substring(reply.text().indexOf("thread=") + "thread=".length());
        assertTrue(reply.messageId() != null && news.messageId() != null, "agent-host names both: " + out);
        assertNotEquals(reply.messageId(), news.messageId());
        Route verified = new Route(Route.BY_REPLY_TOKEN, true, null); // as the router routes both answers

        RoutedEmail colleague = routed("RelayHook", t, "Re: can you help?", List.of(news.messageId()), verified,
                EmailAddress.of("colleague@example.org"));
        publish(colleague);
        assertEquals("thread=" + news.id(), causedBy(colleague.id()).text(),
                "the colleague's answer joins the new message's thread (named after it)");

        RoutedEmail customer = routed("RelayHook", t, "Re: " + order, List.of(question.message().messageId(),
                reply.messageId()), verified);
        publish(customer);
        assertEquals("thread=" + customerThread, causedBy(customer.id()).text(),
                "the customer's answer joins the customer's thread, not the colleague's");
        assertNotEquals(customerThread, news.id());
    }

    @Test
    void aReRunOfTheSameRoutedRecordMintsTheSameMessageId() throws Exception {
        String t = instance("rerun");
        RoutedEmail email = routed("Hook", t, "hello");
        publish(email);
        OutboundRequest first = causedBy(email.id());
        assertTrue(first.messageId() != null, first.toString());
        // as if the commit had never happened (a crash before it): the same record runs again from scratch
        try (Connection c = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), PostgresNode.USER,
                PostgresNode.PASSWORD)) {
            for (String sql : List.of("delete from processed_message where id = ?",
                    "delete from agent_message where id = ? or id in (select id from outbox_message where"
                            + " causation_id = ?)",
                    "delete from outbox_message where causation_id = ?")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    for (int i = 1; i <= s.getParameterMetaData().getParameterCount(); i++) {
                        s.setString(i, email.id());
                    }
                    s.executeUpdate();
                }
            }
        }
        publish(email); // redelivered
        List<OutboundRequest> both = causedBy(email.id(), 2);
        assertEquals(first.id(), both.get(1).id());
        assertEquals(first.messageId(), both.get(1).messageId(), "the same cause, the same Message-ID");
        try (Connection c = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), PostgresNode.USER,
                PostgresNode.PASSWORD);
                PreparedStatement s = c.prepareStatement("select message_id from agent_message where id = ?")) {
            s.setString(1, first.id());
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next(), "the send is in the history");
                assertEquals(first.messageId(), rows.getString(1), "recorded with the send, in its transaction");
            }
        }
    }

    @Test
    void aTimeoutIsRetried() {
        RoutedEmail email = routed("SlowHook", instance("slow"), "hi");
        publish(email);
        assertEquals("slow ok", causedBy(email.id()).text());
        assertEquals(2, WebhookServer.calls("/slow", email.id()));
    }

    @Test
    void a5xxIsRetried() {
        RoutedEmail email = routed("FlakyHook", instance("flaky"), "hi");
        publish(email);
        assertEquals("flaky ok", causedBy(email.id()).text());
        assertEquals(2, WebhookServer.calls("/flaky", email.id()));
    }

    @Test
    void a4xxIsDeadLetteredWithoutRetry() {
        assertDeadLettered("RejectingHook", "/reject", "webhook-rejected: HTTP 400", 1);
    }

    @Test
    void anInvalidAnswerIsDeadLetteredWithoutRetry() {
        assertDeadLettered("InvalidHook", "/invalid", "webhook-invalid: ", 1);
    }

    @Test
    void aWebhookThatKeepsFailingIsRetriedThenDeadLettered() {
        assertDeadLettered("DownHook", "/down", "agent-failed: ", 3); // mailroom.agent.max-attempts
    }

    /** A message to {@code className} ends in the dead-letter topic after {@code calls} calls, nothing sent. */
    private static void assertDeadLettered(String className, String path, String reasonPrefix, int calls) {
        RoutedEmail email = routed(className, instance("dead"), "hi");
        publish(email);
        String reason = deadLetterReason(email);
        assertTrue(reason.startsWith(reasonPrefix), reason);
        assertEquals(calls, WebhookServer.calls(path, email.id()));
        assertEquals(0, countCausedBy(email.id()));
    }
}
