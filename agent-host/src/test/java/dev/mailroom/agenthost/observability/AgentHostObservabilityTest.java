package dev.mailroom.agenthost.observability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.TestMail;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.observability.TraceHeaders;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.PrometheusText;
import dev.mailroom.stack.TestTraces;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The trace context travels through agent-host (routed record in, outbound request and dead letter out, one trace),
 * the agent call is a span of that trace, and {@code /q/metrics} counts and times agent calls (ADR 0027).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AgentHostObservabilityTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theOutboundRequestCarriesTheRoutedRecordsTraceAndTheCallIsCountedAndTimed() {
        String before = scrape();
        String traceId = TestTraces.newTraceId();
        RoutedEmail email = TestMail.routed("Echo", TestMail.instance("traced"), "traced");
        publish(email.agent().key(), Json.encode(email), traceId);

        ConsumerRecord<String, byte[]> out = KafkaTestClient.await(Topics.OUTBOUND_REQUESTED,
                r -> email.id().equals(TestMail.request(r).causationId()), 1, TestMail.WAIT).get(0);
        assertEquals(traceId, TraceHeaders.traceId(out.headers()), "the outbound request continues the trace");
        await().atMost(TestMail.WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getName().equals("agent.call") && s.getTraceId().equals(traceId)));

        String processed = "mailroom_agent_calls_seconds_count{agent_class=\"Echo\",outcome=\"processed\"}";
        await().atMost(TestMail.WAIT).untilAsserted(() -> {
            String after = scrape();
            assertEquals(1, PrometheusText.value(after, processed) - PrometheusText.value(before, processed), 0.0);
            assertTrue(PrometheusText.has(after, "mailroom_agent_calls_seconds_sum"), after);
            assertTrue(PrometheusText.has(after, "kafka_consumer_fetch_manager_records_lag_max"),
                    "consumer lag from Kafka's client metrics");
        });
    }

    @Test
    void aDeadLetterCarriesTheRoutedRecordsTraceAndIsCounted() {
        String before = scrape();
        String traceId = TestTraces.newTraceId();
        RoutedEmail email = TestMail.routed("Nobody", TestMail.instance("traced"), "no such class");
        publish(email.agent().key(), Json.encode(email), traceId);

        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.INBOUND_ROUTED + ".dlq",
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(email.id()), 1, TestMail.WAIT).get(0);
        assertEquals(traceId, TraceHeaders.traceId(dead.headers()), "the dead letter continues the trace");
        String deadLettered = "mailroom_agent_calls_seconds_count{agent_class=\"unknown\",outcome=\"dead-lettered\"}";
        await().atMost(TestMail.WAIT).untilAsserted(() -> assertEquals(1,
                PrometheusText.value(scrape(), deadLettered) - PrometheusText.value(before, deadLettered), 0.0));
    }

    private static void publish(String key, byte[] value, String traceId) {
        RecordHeaders headers = new RecordHeaders();
        TestTraces.withTraceparent(headers, traceId);
        KafkaTestClient.produce(Topics.INBOUND_ROUTED, key, value, headers);
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

}
