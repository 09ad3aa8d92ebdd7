package dev.mailroom.ingress.smtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Topics;
import dev.mailroom.platform.observability.TraceHeaders;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Without an OTLP endpoint (production's default) tracing costs no span: the records of an accepted message carry
 * the trace context unsampled ({@code traceparent} flag {@code 00}), and no span is recorded (ADR 0029). The span
 * exporter bean of the tests is still there: it would receive any span that is recorded.
 */
@QuarkusTest
@TestProfile(UntracedWithoutEndpointTest.NoOtlpEndpoint.class)
@WithTestResource(KafkaTestResource.class)
class UntracedWithoutEndpointTest {

    /**
     * The test profile's endpoint removed, and any from the environment (an empty value unsets a property):
     * configured as production is by default.
     */
    public static class NoOtlpEndpoint implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "",
                    "quarkus.otel.exporter.otlp.endpoint", "");
        }
    }

    @Inject
    SmtpServerLifecycle smtp;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void withoutAnOtlpEndpointRecordsCarryAnUnsampledTraceparentAndNoSpanIsRecorded() throws Exception {
        String id = TraceContextTest.sendOne(smtp.port());

        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(Topics.INBOUND_RECEIVED,
                r -> id.equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        assertFalse(TraceContextTest.sampled(record), "traceparent "
                + new String(record.headers().lastHeader(TraceHeaders.TRACEPARENT).value()) + " must end in -00");
        String traceId = TraceHeaders.traceId(record.headers());

        ConsumerRecord<String, byte[]> event = KafkaTestClient.await(Topics.EVENTS,
                r -> id.equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        assertFalse(TraceContextTest.sampled(event), "the inbound.received event is not sampled either");
        assertEquals(traceId, TraceHeaders.traceId(event.headers()), "one trace id for the message all the same");

        // the test profile's batch delay is 100 ms: a recorded span would arrive well within this second
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> spans.getFinishedSpanItems()
                .stream().noneMatch(s -> s.getTraceId().equals(traceId)));
    }
}
