package dev.mailroom.egress.observability;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.awaitStatus;
import static dev.mailroom.egress.support.Api.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.platform.observability.TraceHeaders;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.PrometheusText;
import dev.mailroom.stack.TestTraces;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The trace of a send request reaches its delivery: spooling and the SMTP transaction (with the remote's 250) are
 * spans of the trace the record came with, REST sends put their trace on the record, and {@code /q/metrics} counts
 * deliveries, times attempts and shows the queue (ADR 0027).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class EgressObservabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theDeliveryAndItsRemoteReplyAreSpansOfTheRequestsTraceAndAreCounted() {
        String before = scrape();
        String traceId = TestTraces.newTraceId();
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, Ids.newId(),
                EmailAddress.of("app@mail.test"), List.of(EmailAddress.of("ann@accept.test")), null, null, null,
                "traced", "traced", null, null, null, null, null, null, Instant.now(), null, null);
        RecordHeaders headers = new RecordHeaders();
        TestTraces.withTraceparent(headers, traceId);
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), Json.encode(request), headers);
        awaitStatus(BOOTSTRAP, request.id(), "delivered");

        SpanData delivery = awaitSpan("egress.delivery", traceId);
        assertEquals(250L, delivery.getAttributes().get(AttributeKey.longKey("smtp.reply.code")));
        assertEquals(request.id(), delivery.getAttributes().get(AttributeKey.stringKey("mailroom.message_id")));
        awaitSpan("egress.spool", traceId);

        await().atMost(WAIT).untilAsserted(() -> {
            String after = scrape();
            String delivered = "mailroom_egress_deliveries_total{outcome=\"delivered\"}";
            assertTrue(PrometheusText.value(after, delivered) - PrometheusText.value(before, delivered) >= 1);
            String attempts = "mailroom_egress_attempt_seconds_count{code_class=\"2xx\"}";
            assertTrue(PrometheusText.value(after, attempts) - PrometheusText.value(before, attempts) >= 1);
            assertTrue(after.contains("mailroom_egress_queue_rows{state=\"due\"}"), after);
            assertTrue(after.contains("mailroom_egress_queue_rows{state=\"deferred\"}"), after);
            assertTrue(PrometheusText.has(after, "kafka_consumer_fetch_manager_records_lag_max"),
                    "consumer lag from Kafka's client metrics");
        });
    }

    @Test
    void theDeliveryContinuesTheTraceOfTheRequestRecord() {
        String id = send(Map.of("from", "app@mail.test", "to", "bob@accept.test", "subject", "rest",
                "text", "rest"));
        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(Topics.OUTBOUND_REQUESTED,
                r -> id.equals(r.key()), 1, WAIT).get(0);
        String traceId = TraceHeaders.traceId(record.headers());
        assertNotNull(traceId, "the api's record carries a traceparent");
        awaitStatus(BOOTSTRAP, id, "delivered");
        awaitSpan("egress.delivery", traceId);
    }

    private SpanData awaitSpan(String name, String traceId) {
        await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getName().equals(name) && s.getTraceId().equals(traceId)));
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name) && s.getTraceId().equals(traceId)).findFirst().orElseThrow();
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

}
