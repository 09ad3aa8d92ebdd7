package dev.mailroom.ingress.smtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Topics;
import dev.mailroom.platform.observability.TraceHeaders;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each accepted message starts a trace: its SMTP transaction is a root span, and the record published to
 * {@code mailroom.inbound.received} carries that span's context in a {@code traceparent} header (ADR 0027). The test
 * profile configures an OTLP endpoint, so the trace is sampled and its spans recorded (ADR 0029); without one see
 * {@link UntracedWithoutEndpointTest}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class TraceContextTest {

    @Inject
    SmtpServerLifecycle smtp;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theAcceptedMessagesRecordCarriesTheTraceOfItsSmtpTransaction() throws Exception {
        String id = sendOne(smtp.port());
        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(Topics.INBOUND_RECEIVED,
                r -> id.equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        String traceId = TraceHeaders.traceId(record.headers());
        assertNotNull(traceId, "the record carries a traceparent");
        assertTrue(sampled(record), "an OTLP endpoint is configured (the test profile's): the trace is sampled");

        await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getName().equals("smtp.transaction") && s.getTraceId().equals(traceId)));
        SpanData transaction = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("smtp.transaction") && s.getTraceId().equals(traceId)).findFirst()
                .orElseThrow();
        assertEquals(id, transaction.getAttributes().get(AttributeKey.stringKey("mailroom.message_id")));
        assertEquals(250L, transaction.getAttributes().get(AttributeKey.longKey("smtp.reply.code")));
        assertTrue(!transaction.getParentSpanContext().isValid(), "a root span: the trace begins at the door");
    }

    @Test
    void theOtlpExportSwitchIsARegisteredConfigSourceBelowApplicationProperties() {
        var source = java.util.stream.StreamSupport.stream(
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getConfigSources().spliterator(), false)
                .filter(s -> s.getName().equals("mailroom-otlp-export-switch")).findFirst().orElseThrow();
        assertEquals(200, source.getOrdinal());
        assertTrue(source.getPropertyNames().isEmpty(), "no MAILROOM_OTLP_ENDPOINT in the tests");
    }

    /** Sends one message through a real SMTP session and returns its inbound id (the reply's queue id). */
    static String sendOne(int port) throws Exception {
        String reply;
        try (SmtpClient client = new SmtpClient(port)) {
            client.reply();
            client.command("EHLO client.example");
            reply = client.send("ann@example.org", new String[] { "echo@agents.test" },
                    "From: ann@example.org\r\nSubject: traced\r\n\r\nbody");
            client.quit();
        }
        assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
        return reply.substring("250 2.0.0 Ok: queued as ".length()).trim();
    }

    /** Whether the record's {@code traceparent} has the sampled flag ({@code -01}); fails when it has none. */
    static boolean sampled(ConsumerRecord<String, byte[]> record) {
        var context = io.opentelemetry.api.trace.Span.fromContext(TraceHeaders.extract(record.headers()))
                .getSpanContext();
        assertTrue(context.isValid(), "the record carries a valid traceparent");
        return context.isSampled();
    }
}
