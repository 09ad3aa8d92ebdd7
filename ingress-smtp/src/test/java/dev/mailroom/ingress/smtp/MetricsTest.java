package dev.mailroom.ingress.smtp;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /q/metrics} after real SMTP traffic. Other test classes may share this application, so every check is on
 * the difference between a scrape before and one after the traffic.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class MetricsTest {

    private static final String ACCEPTED = "mailroom_smtp_messages_accepted_total{listener=\"mx\"}";
    private static final String SESSIONS = "mailroom_smtp_sessions_total{listener=\"mx\"}";
    private static final String BYTES = "mailroom_smtp_message_bytes_total{listener=\"mx\"}";
    private static final String RELAY = "mailroom_smtp_rejected_total{code=\"550\",listener=\"mx\",reason=\"relay-denied\"}";
    private static final String NUL = "mailroom_smtp_rejected_total{code=\"554\",listener=\"mx\",reason=\"nul-byte\"}";
    private static final String ACKS =
            "mailroom_kafka_ack_seconds_count{outcome=\"acknowledged\",topic=\"mailroom.inbound.received\"}";

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void sessionsAcceptedRejectedBytesAndKafkaAcksAreCounted() throws Exception {
        String before = scrape();
        String message = "From: ann@example.org\r\nSubject: counted\r\n\r\nbody";
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            assertTrue(client.send("ann@example.org", new String[] { "echo@agents.test" }, message)
                    .startsWith("250"));
            assertTrue(client.send("ann@example.org", new String[] { "victim@elsewhere.example" }, message)
                    .startsWith("550"));
            client.command("RSET");
            assertTrue(client.send("ann@example.org", new String[] { "echo@agents.test" }, "Subject: x\r\n\r\na\0b")
                    .startsWith("554"));
            client.quit();
        }
        String after = scrape();
        assertEquals(1, value(after, SESSIONS) - value(before, SESSIONS));
        assertEquals(1, value(after, ACCEPTED) - value(before, ACCEPTED), () -> lines(before, "messages_accepted")
                + " -> " + lines(after, "messages_accepted"));
        assertEquals(1, value(after, RELAY) - value(before, RELAY));
        assertEquals(1, value(after, NUL) - value(before, NUL));
        assertEquals(1, value(after, ACKS) - value(before, ACKS));
        assertTrue(value(after, BYTES) - value(before, BYTES) > message.length(),
                "the accepted message's bytes, our Received: header included");
        assertTrue(after.contains("mailroom_smtp_sessions_active{listener=\"mx\"}"), after);
        assertTrue(after.contains("kafka_producer_record_send_total"), "the publisher's own Kafka client metrics");
    }

    private static String lines(String scrape, String part) {
        return scrape.lines().filter(l -> l.contains(part)).toList().toString();
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sample's value, 0 when the series does not exist yet (an OpenMetrics exemplar may follow it). */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)( # .*)?$", Pattern.MULTILINE)
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
