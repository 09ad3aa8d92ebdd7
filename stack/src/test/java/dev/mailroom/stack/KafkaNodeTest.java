package dev.mailroom.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.contract.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class KafkaNodeTest {

    private static final int VALUE_BYTES = 30 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void largeRecordSurvivesRestart() throws Exception {
        int port = StackSupport.freePort();
        int controllerPort = StackSupport.freePort();
        byte[] value = new byte[VALUE_BYTES];
        new Random(42).nextBytes(value);
        String key = "inbound-1";
        RecordMetadata written;

        try (KafkaNode node = KafkaNode.start(dir, port, controllerPort)) {
            assertEquals("127.0.0.1:" + port, node.bootstrapServers());
            assertTrue(KafkaNode.isFormatted(dir), "meta.properties written");

            TopicCreator.Result first = TopicCreator.ensure(node.bootstrapServers(), 4);
            assertEquals(Topics.ALL.stream().sorted().toList(), first.created().stream().sorted().toList());
            assertTrue(first.existing().isEmpty());
            assertTopics(node.bootstrapServers(), 4);

            TopicCreator.Result second = TopicCreator.ensure(node.bootstrapServers(), 4);
            assertTrue(second.created().isEmpty(), "second run creates nothing");
            assertEquals(Topics.ALL.size(), second.existing().size());
            assertTrue(second.reconfigured().isEmpty());

            try (KafkaProducer<String, byte[]> producer = producer(node.bootstrapServers())) {
                written = producer.send(new ProducerRecord<>(Topics.INBOUND_RECEIVED, key, value))
                        .get(60, TimeUnit.SECONDS);
            }
            assertNotNull(written);
            ConsumerRecord<String, byte[]> read = readOne(node.bootstrapServers(), written);
            assertEquals(key, read.key());
            assertArrayEquals(value, read.value());
        }
        assertFalse(accepts(port), "broker port closed after close()");
        String cluster = Files.readString(dir.resolve("meta.properties"), StandardCharsets.UTF_8);

        try (KafkaNode node = KafkaNode.start(dir, port, controllerPort)) {
            assertEquals(cluster, Files.readString(dir.resolve("meta.properties"), StandardCharsets.UTF_8),
                    "not reformatted");
            ConsumerRecord<String, byte[]> read = readOne(node.bootstrapServers(), written);
            assertEquals(key, read.key());
            assertArrayEquals(value, read.value(), "record persisted across restart");
            TopicCreator.Result again = TopicCreator.ensure(node.bootstrapServers(), 4);
            assertTrue(again.created().isEmpty(), "topics persisted across restart");
        }
    }

    private static void assertTopics(String bootstrap, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            for (String t : Topics.ALL) {
                int expected = t.endsWith(".dlq") ? 1 : partitions;
                assertEquals(expected, topics.get(t).partitions().size(), "partitions of " + t);
            }
            List<ConfigResource> resources = Topics.ALL.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            configs.forEach((r, c) -> assertEquals(Integer.toString(Topics.MAX_RECORD_BYTES),
                    c.get("max.message.bytes").value(), "max.message.bytes of " + r.name()));
            configs.forEach((r, c) -> assertEquals(Topics.COMPACTED.contains(r.name()) ? "compact" : "delete",
                    c.get("cleanup.policy").value(), "cleanup.policy of " + r.name()));
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_RECORD_BYTES));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(2L * Topics.MAX_RECORD_BYTES));
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static ConsumerRecord<String, byte[]> readOne(String bootstrap, RecordMetadata at) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(Topics.MAX_RECORD_BYTES));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(Topics.MAX_RECORD_BYTES));
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(at.topic(), at.partition());
            consumer.assign(List.of(tp));
            consumer.seek(tp, at.offset());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.offset() == at.offset()) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("record at " + at + " not read back within 60 s");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
