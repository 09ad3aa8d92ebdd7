package dev.mailroom.router.observability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.observability.TraceHeaders;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PrometheusText;
import dev.mailroom.stack.TestTraces;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The trace context travels through the router (raw record in, routed record and dead letter out, one trace), the
 * route is a span of that trace, and {@code /q/metrics} counts what was routed and dead-lettered (ADR 0027).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RouterObservabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    InMemorySpanExporter spans;

    @Test
    void routedRecordsAndDeadLettersCarryTheRawRecordsTraceAndAreCounted() {
        String before = scrape();
        String traceId = TestTraces.newTraceId();
        String id = Ids.newId();
        RecordHeaders headers = new RecordHeaders();
        new Envelope(id, "ann@example.org", List.of("echo+t7@agents.test", "nobody@agents.test"), "192.0.2.1",
                "client.example", false, Instant.now()).writeTo(headers);
        TestTraces.withTraceparent(headers, traceId);
        KafkaTestClient.produce(Topics.INBOUND_RECEIVED, id, ("From: ann@example.org\r\nTo: echo+t7@agents.test\r\n"
                + "Subject: traced\r\nMessage-ID: <" + id + "@example.org>\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.UTF_8), headers);

        ConsumerRecord<String, byte[]> routed = KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 1, WAIT).get(0);
        assertEquals(traceId, TraceHeaders.traceId(routed.headers()), "the routed record continues the trace");
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.INBOUND_RECEIVED + ".dlq",
                r -> id.equals(r.key()), 1, WAIT).get(0);
        assertEquals(traceId, TraceHeaders.traceId(dead.headers()), "the dead letter continues the trace");
        int traceparents = 0;
        for (var h : dead.headers().headers(TraceHeaders.TRACEPARENT)) {
            traceparents++;
        }
        assertEquals(1, traceparents, "the copied traceparent is replaced, not doubled");

        await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getName().equals("router.route") && s.getTraceId().equals(traceId)));
        SpanData route = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("router.route") && s.getTraceId().equals(traceId)).findFirst()
                .orElseThrow();
        assertEquals(id, route.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
                "mailroom.message_id")));

        await().atMost(WAIT).untilAsserted(() -> {
            String after = scrape();
            assertEquals(1, PrometheusText.value(after, "mailroom_router_routed_total{rule=\"registered-address\"}")
                    - PrometheusText.value(before, "mailroom_router_routed_total{rule=\"registered-address\"}"), 0.0);
            assertEquals(1, PrometheusText.value(after, "mailroom_router_dead_lettered_total{reason=\"unknown-agent\"}")
                    - PrometheusText.value(before, "mailroom_router_dead_lettered_total{reason=\"unknown-agent\"}"),
                    0.0);
            assertTrue(PrometheusText.has(after, "kafka_consumer_fetch_manager_records_lag_max"),
                    "consumer lag from Kafka's client metrics");
        });
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

}
