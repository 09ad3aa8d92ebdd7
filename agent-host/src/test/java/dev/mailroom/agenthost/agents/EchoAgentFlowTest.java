package dev.mailroom.agenthost.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static dev.mailroom.agenthost.TestMail.WAIT;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;

import dev.mailroom.agenthost.TestMail;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class EchoAgentFlowTest {

    @Inject
    FailingAgent failing;

    private static RoutedEmail routed(String className, String instance, String subject) {
        return TestMail.routed(className, instance, subject);
    }

    private static OutboundRequest replyTo(RoutedEmail email) {
        return TestMail.causedBy(email.id());
    }

    @Test
    void echoRepliesWithItsDurableCountPerInstance() {
        String t1 = instance("t1");
        String t2 = instance("t2");
        RoutedEmail first = routed("Echo", t1, "hello");
        publish(first);
        OutboundRequest reply = replyTo(first);
        assertTrue(reply.text().startsWith("instance=" + t1 + " count=1\r\n"), reply.text());
        assertEquals("echo+" + t1 + "@agents.test", reply.from().address());
        assertEquals("ann@example.org", reply.to().get(0).address());
        assertEquals("Re: hello", reply.subject());
        assertEquals(first.message().messageId(), reply.inReplyTo());
        assertEquals(List.of(first.message().messageId()), reply.references());

        RoutedEmail second = routed("Echo", t1, "again");
        publish(second);
        assertTrue(replyTo(second).text().startsWith("instance=" + t1 + " count=2\r\n"));

        RoutedEmail other = routed("Echo", t2, "other");
        publish(other);
        assertTrue(replyTo(other).text().startsWith("instance=" + t2 + " count=1\r\n"));
    }

    @Test
    void redeliveredMessageIsNotProcessedTwice() {
        String t = instance("dup");
        RoutedEmail once = routed("Echo", t, "once");
        publish(once);
        publish(once);
        RoutedEmail next = routed("Echo", t, "next");
        publish(next);
        assertTrue(replyTo(next).text().startsWith("instance=" + t + " count=2\r\n"),
                "the duplicate did not count");
        List<ConsumerRecord<String, byte[]>> replies = KafkaTestClient.await(Topics.OUTBOUND_REQUESTED,
                r -> Json.decode(r.value(), OutboundRequest.class, 1).causationId().equals(once.id()), 1, WAIT);
        assertEquals(1, replies.size());
        assertEquals(1, KafkaTestClient.readAll(Topics.OUTBOUND_REQUESTED, Duration.ofSeconds(2)).stream()
                .filter(r -> Json.decode(r.value(), OutboundRequest.class, 1).causationId().equals(once.id()))
                .count(), "exactly one reply to the redelivered message");
    }

    @Test
    void automaticMailIsCountedButNeverAnswered() {
        String t = instance("robot");
        RoutedEmail base = routed("Echo", t, "Out of office");
        RoutedEmail auto = new RoutedEmail(base.v(), base.id(), base.inboundId(), base.recipient(), base.agent(),
                base.route(), base.mailFrom(), base.clientIp(), base.receivedAt(),
                base.message().withAutoReply("auto-submitted: auto-replied"));
        publish(auto);
        RoutedEmail person = routed("Echo", t, "real question");
        publish(person);
        assertTrue(replyTo(person).text().startsWith("instance=" + t + " count=2\r\n"), "the auto-reply counted");
        assertTrue(KafkaTestClient.readAll(Topics.OUTBOUND_REQUESTED, Duration.ofSeconds(2)).stream()
                .noneMatch(r -> auto.id().equals(Json.decode(r.value(), OutboundRequest.class, 1).causationId())),
                "no answer to an auto-reply");
    }

    @Test
    void unknownAgentClassIsDeadLettered() {
        RoutedEmail email = routed("NoSuchClass", instance("x"), "hi");
        publish(email);
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_ROUTED),
                r -> r.key().equals(email.agent().key()), 1, WAIT).get(0);
        assertTrue(DeadLetter.header(dead.headers(), KafkaHeaders.DEAD_LETTER_REASON).startsWith("no-agent-class"));
    }

    @Test
    void agentThatKeepsFailingIsRetriedThenDeadLetteredWithNoEffect() {
        int before = failing.calls();
        RoutedEmail email = routed("Failing", instance("f"), "boom");
        publish(email);
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_ROUTED),
                r -> r.key().equals(email.agent().key()), 1, WAIT).get(0);
        String reason = DeadLetter.header(dead.headers(), KafkaHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("agent-failed: ") && reason.contains("agent bug"), reason);
        assertEquals(3, failing.calls() - before, "max-attempts=3");
        assertTrue(KafkaTestClient.readAll(Topics.OUTBOUND_REQUESTED, Duration.ofSeconds(2)).stream()
                .noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(email.id())),
                "a failed call sends nothing");
    }

    @Test
    void undecodableRecordIsDeadLettered() {
        String key = "Echo/" + instance("junk");
        KafkaTestClient.produce(Topics.INBOUND_ROUTED, key, "{not json".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders());
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_ROUTED),
                r -> r.key().equals(key), 1, WAIT).get(0);
        assertTrue(DeadLetter.header(dead.headers(), KafkaHeaders.DEAD_LETTER_REASON).startsWith("undecodable-json"));
    }
}
