package dev.mailroom.mailbox.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.ApiKeyRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.auth.LocalApiKeyVerifier;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.platform.kafka.KafkaDefaults;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

/** A reply's 202 never precedes Kafka's acknowledgement: with the broker down, 503 and nothing accepted (ADR 0032). */
@QuarkusTest
@WithTestResource(StoppableKafka.class)
@WithTestResource(PostgresTestResource.class)
class ReplyDurabilityTest {

    @Inject
    Pool pool;

    /** A send-and-read key for reply.test on this test's own broker. */
    private static String key() throws Exception {
        String id = TestKeys.newId("dur");
        String token = TestKeys.token(id);
        ApiKeyRecord record = ApiKeyRecord.of(id, "test", LocalApiKeyVerifier.sha256Hex(token),
                List.of("send", "read"), List.of("reply.test"), null, Instant.now());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                KafkaDefaults.producer(StoppableKafka.bootstrapServers(), "test-keys"))) {
            producer.send(new ProducerRecord<>(Topics.API_KEYS, id, Json.encode(record))).get();
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> given()
                .header("Authorization", "Bearer " + token).get("/v1/mailboxes").statusCode() == 200);
        return token;
    }

    private static List<String> texts() {
        Properties props = KafkaDefaults.consumer(StoppableKafka.bootstrapServers(), "test-reader");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.OUTBOUND_REQUESTED));
            long lastNew = System.nanoTime();
            while (System.nanoTime() - lastNew < Duration.ofSeconds(3).toNanos()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                    lastNew = System.nanoTime();
                }
            }
        }
        return out;
    }

    @Test
    void withTheBrokerDownAReplyIs503AndNothingIsAcceptedEvenAfterItIsBack() throws Exception {
        String token = key();
        String id = TestRows.inbound(pool, "support@reply.test", null, null, "Order 9", List.of(), null);
        String path = "/v1/messages/" + id + "/reply";
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("text", "before")).post(path).then().statusCode(202);

        String lost = "lost-" + UUID.randomUUID();
        StoppableKafka.stopBroker();
        try {
            long start = System.nanoTime();
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body(Map.of("text", lost)).post(path).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5")
                    .body("type", equalTo("https://mailroom.dev/problems/kafka-unavailable"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "bounded by the timeout, took " + took);
        } finally {
            StoppableKafka.startBroker();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                        .body(Map.of("text", "after")).post(path).statusCode() == 202);
        List<String> texts = texts();
        assertEquals(0, texts.stream().filter(t -> t.contains(lost)).count(), "a 503 accepted nothing");
        assertEquals(1, texts.stream().filter(t -> t.contains("\"before\"")).count());
    }
}
