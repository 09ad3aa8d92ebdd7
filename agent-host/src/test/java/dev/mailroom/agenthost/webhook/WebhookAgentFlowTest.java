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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;


import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
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
