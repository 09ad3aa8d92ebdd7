package dev.mailroom.api.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.api.support.SendProfile;
import dev.mailroom.api.support.StoppableKafka;
import dev.mailroom.api.support.TestKeys;
import dev.mailroom.api.support.Topic;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A 202 never precedes Kafka's acknowledgement: with the broker down, 503 and nothing accepted, ever (ADR 0032). */
@QuarkusTest
@TestProfile(SendProfile.class)
@WithTestResource(StoppableKafka.class)
@WithTestResource(PostgresTestResource.class)
class SendDurabilityTest {

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static Map<String, Object> mail(String marker) {
        return Map.of("from", "app@mail.test", "to", "a@accept.test", "subject", marker, "text", "x");
    }

    private static long onTopic(String marker) {
        return records(marker).size();
    }

    private static List<ConsumerRecord<String, byte[]>> records(String marker) {
        List<ConsumerRecord<String, byte[]>> all = Topic.outbound(StoppableKafka.bootstrapServers(),
                Duration.ofSeconds(3));
        return all.stream().filter(r -> Topic.request(r).subject().equals(marker)).toList();
    }

    private static String describe(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> r.key() + "@" + r.partition() + ":" + r.offset() + " t="
                + java.time.Instant.ofEpochMilli(r.timestamp())).toList().toString();
    }

    @Test
    void withTheBrokerDownTheAnswerIs503AndNothingIsAcceptedEvenAfterItIsBack() {
        String before = "before-" + UUID.randomUUID();
        as(TestKeys.MAILER).body(mail(before)).post("/v1/send").then().statusCode(202);

        String lost = "lost-" + UUID.randomUUID();
        String keyed = "keyed-" + UUID.randomUUID();
        StoppableKafka.stopBroker();
        java.time.Instant stoppedAt = java.time.Instant.now();
        try {
            long start = System.nanoTime();
            as(TestKeys.MAILER).body(mail(lost)).post("/v1/send").then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", equalTo("https://mailroom.dev/problems/kafka-unavailable"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "bounded by the timeout, took " + took);
            as(TestKeys.MAILER).header("Idempotency-Key", keyed).body(mail(keyed)).post("/v1/send").then()
                    .statusCode(503);
            as(TestKeys.MAILER).body(List.of(mail(lost), mail(lost))).post("/v1/send/batch").then().statusCode(503);
        } finally {
            StoppableKafka.startBroker();
        }

        // back: the refused requests never appear (the producer dropped them), new ones are accepted again
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> as(TestKeys.MAILER).body(mail("after-" + UUID.randomUUID())).post("/v1/send")
                        .statusCode() == 202);
        assertEquals(0, onTopic(lost), "a 503 accepted nothing: " + describe(records(lost)) + " stopped at "
                + stoppedAt);
        assertEquals(1, onTopic(before));

        // the failed keyed request released its claim: the retry is accepted, once
        String id = as(TestKeys.MAILER).header("Idempotency-Key", keyed).body(mail(keyed)).post("/v1/send").then()
                .statusCode(202).extract().path("id");
        assertEquals(1, onTopic(keyed));
        assertEquals(1, Topic.withKey(Topic.outbound(StoppableKafka.bootstrapServers(), Duration.ofSeconds(2)), id)
                .size());
    }
}
