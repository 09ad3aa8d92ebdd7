package dev.mailroom.agenthost.agents;

import static dev.mailroom.agenthost.TestMail.WAIT;
import static dev.mailroom.agenthost.TestMail.causedBy;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static dev.mailroom.agenthost.TestMail.request;
import static dev.mailroom.agenthost.TestMail.routed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.TopicCreator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Per-instance order with concurrency across instances, and redelivery, against real Kafka and PostgreSQL. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class OrderingFlowTest {

    private static final int INSTANCES = 30;
    private static final int MESSAGES = 8;

    @Inject
    SequencerAgent sequencer;

    @Inject
    GateAgent gate;

    @Test
    void manyMessagesOverManyInstancesKeepEachInstancesOrderAndRedeliveryChangesNothing() {
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(instance("seq" + i));
        }
        List<RoutedEmail> sent = new ArrayList<>();
        for (int n = 1; n <= MESSAGES; n++) {
            for (String t : instances) {
                RoutedEmail email = routed("Sequencer", t, "n=" + n);
                sent.add(email);
                publish(email);
            }
        }
        Map<String, RoutedEmail> byId = sent.stream().collect(Collectors.toMap(RoutedEmail::id, e -> e));
        List<ConsumerRecord<String, byte[]>> replies = KafkaTestClient.await(Topics.OUTBOUND_REQUESTED,
                r -> byId.containsKey(request(r).causationId()), sent.size(), Duration.ofSeconds(90));
        Map<String, Integer> perCause = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : replies) {
            OutboundRequest reply = request(r);
            perCause.merge(reply.causationId(), 1, Integer::sum);
            long n = Long.parseLong(byId.get(reply.causationId()).message().subject().substring(2));
            assertEquals("n=" + n + " prev=" + (n - 1), reply.text(), "instance " + reply.agent());
        }
        assertEquals(sent.size(), perCause.size(), "every message answered");
        assertTrue(perCause.values().stream().allMatch(c -> c == 1), "each once");
        assertEquals(1, sequencer.maxActiveOneKey(), "never two calls of one instance at once");
        assertTrue(sequencer.maxActive() > 1, "instances ran concurrently: " + sequencer.maxActive());

        // the same records again (as after a crash before the offset commit), then one more message each
        sent.forEach(e -> publish(e));
        List<RoutedEmail> after = new ArrayList<>();
        for (String t : instances) {
            RoutedEmail email = routed("Sequencer", t, "n=" + (MESSAGES + 1));
            after.add(email);
            publish(email);
        }
        for (RoutedEmail email : after) {
            assertEquals("n=" + (MESSAGES + 1) + " prev=" + MESSAGES, causedBy(email.id()).text(),
                    "the redelivered records changed no state");
        }
        Set<String> ids = byId.keySet();
        List<ConsumerRecord<String, byte[]>> all = KafkaTestClient.readAll(Topics.OUTBOUND_REQUESTED,
                Duration.ofSeconds(2));
        assertEquals(sent.size(), all.stream().filter(r -> ids.contains(request(r).causationId())).count(),
                "no second reply to a redelivered record");
    }

    @Test
    void aSlowInstanceHoldsUpOnlyItselfNotAnotherInTheSamePartitionAndItsOffsetStaysUncommitted() throws Exception {
        gate.close();
        String slow = instance("gate");
        String fast = sameFirstPartition("Gate/" + slow);
        RoutedEmail before = routed("Echo", sameFirstPartition("Gate/" + slow), "before");
        publish(before);
        causedBy(before.id()); // a processed record ahead in the partition: the commit has somewhere to go
        RoutedEmail first = routed("Gate", slow, "one");
        RoutedEmail second = routed("Gate", slow, "two");
        RoutedEmail other = routed("Echo", fast, "meanwhile");
        publish(first);
        publish(second);
        publish(other);
        assertTrue(causedBy(other.id()).text().startsWith("instance=" + fast), "the other instance went past");
        assertEquals(1, gate.started(), "the slow instance's second message waits for its first");
        ConsumerRecord<String, byte[]> blocked = routedRecord(first);
        ConsumerRecord<String, byte[]> after = routedRecord(other);
        assertTrue(after.offset() > blocked.offset(), "same partition, later offset");
        // the commit reaches the blocked record (everything before it is done) and stops there
        await().atMost(WAIT).until(() -> committed(blocked) >= blocked.offset());
        assertEquals(blocked.offset(), committed(blocked),
                "the offset of an unfinished record is not committed, though a later record is done");
        gate.open();
        assertEquals("passed", causedBy(first.id()).text());
        assertEquals("passed", causedBy(second.id()).text());
        assertEquals(2, gate.started());
        await().atMost(WAIT).until(() -> committed(after) > after.offset());
    }

    private static ConsumerRecord<String, byte[]> routedRecord(RoutedEmail email) {
        return KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(email.id()), 1, WAIT).get(0);
    }

    /** The committed offset of agent-host's group in the partition of {@code record}, -1 when none. */
    private static long committed(ConsumerRecord<String, byte[]> record) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestResource.bootstrapServers()))) {
            OffsetAndMetadata at = admin.listConsumerGroupOffsets("mailroom-agent-host").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(new TopicPartition(record.topic(), record.partition()));
            return at == null ? -1 : at.offset();
        }
    }

    /** An Echo instance name whose key lands in the partition of {@code key}. */
    private static String sameFirstPartition(String key) {
        int partitions = TopicCreator.DEFAULT_PARTITIONS;
        int target = partition(key, partitions);
        for (int i = 0;; i++) {
            String candidate = instance("fast" + i);
            if (partition("Echo/" + candidate, partitions) == target) {
                return candidate;
            }
        }
    }

    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
