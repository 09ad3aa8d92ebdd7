package dev.mailroom.ingress.smtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The submission listener (port 587) with the real {@code swaks} client and a raw socket client, a real Kafka broker
 * and keys published on {@code mailroom.api-keys} ({@link SubmissionKeys}), verified by ingress from its own table.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SubmissionKeys.class)
class SubmissionTest {

    private static final String QUEUED = "250 2.0.0 Ok: queued as ";

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void swaksSubmissionWithPlainIsPublishedAsARawOutboundRequestAfterKafkaAcknowledged() throws Exception {
        String marker = UUID.randomUUID().toString();
        String body = "Subject: report " + marker + "\nFrom: App <app@example.com>\n\nline one\n.leading dot\nend";
        Swaks.Result result = Swaks.run("--server", "127.0.0.1:" + smtp.submissionPort(), "--tls", "--auth", "PLAIN",
                "--auth-user", "anyone", "--auth-password", SubmissionKeys.DOMAIN_KEY, "--from", "app@example.com",
                "--to", "ann@gmail.example,bob@other.example", "--data", body);
        assertEquals(0, result.exit(), result.transcript());
        String reply = result.lastReply("250 2.0.0 Ok: queued as");
        assertNotNull(reply, result.transcript());
        String id = reply.substring(QUEUED.length()).trim();

        ConsumerRecord<String, byte[]> record = outbound(id);
        OutboundRequest request = Json.decode(record.value(), OutboundRequest.class, OutboundRequest.VERSION);
        assertEquals(id, request.id());
        assertEquals("app@example.com", request.from().address());
        assertEquals(List.of(EmailAddress.of("ann@gmail.example"), EmailAddress.of("bob@other.example")),
                request.to());
        assertTrue(request.hasRawMessage());
        String raw = new String(Base64.getDecoder().decode(request.raw()), StandardCharsets.UTF_8);
        assertTrue(raw.startsWith("Subject: report " + marker + "\r\n"), "as the client sent it: " + raw);
        assertTrue(raw.contains("\r\nline one\r\n.leading dot\r\nend"), "dot-unstuffed: " + raw);
        assertFalse(raw.contains("Received:"), "no header added: " + raw);
        assertEquals(id, new String(record.headers().lastHeader(KafkaHeaders.MESSAGE_ID).value(),
                StandardCharsets.UTF_8));
    }

    @Test
    void swaksSubmissionWithLoginAndAnAdminKeyMaySendFromAnyDomain() throws Exception {
        Swaks.Result result = Swaks.run("--server", "127.0.0.1:" + smtp.submissionPort(), "--tls", "--auth", "LOGIN",
                "--auth-user", "key-admin", "--auth-password", SubmissionKeys.ADMIN_KEY, "--from",
                "ops@anything.example", "--to", "ann@gmail.example", "--data", "Subject: x\n\nhello");
        assertEquals(0, result.exit(), result.transcript());
        String reply = result.lastReply("250 2.0.0 Ok: queued as");
        assertNotNull(reply, result.transcript());
        outbound(reply.substring(QUEUED.length()).trim());
    }

    @Test
    void authIsOfferedOnlyAfterStartTlsAndMailOnlyAfterAuth() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.submissionPort())) {
            assertTrue(client.reply().startsWith("220"));
            client.write("EHLO app.example\r\n");
            String plain = client.fullReply();
            assertTrue(plain.contains("STARTTLS"), plain);
            assertTrue(plain.contains("250-ENHANCEDSTATUSCODES"), plain);
            assertFalse(plain.contains("AUTH"), "no AUTH before TLS: " + plain);
            assertEquals("530 5.7.0 Must issue a STARTTLS command first", client.command("MAIL FROM:<app@example.com>"));
            assertEquals("530 5.7.0 Must issue a STARTTLS command first", client.command("AUTH PLAIN "
                    + plain("anyone", SubmissionKeys.DOMAIN_KEY)));
            assertEquals("220 2.0.0 Ready to start TLS", client.startTls());
            client.write("EHLO app.example\r\n");
            String secured = client.fullReply();
            assertTrue(secured.contains("250-AUTH PLAIN LOGIN"), secured);
            assertTrue(secured.contains("250-ENHANCEDSTATUSCODES"), secured);
            assertFalse(secured.contains("STARTTLS"), secured);
            assertEquals("530 5.7.0 Authentication required", client.command("MAIL FROM:<app@example.com>"));
            assertEquals("530 5.7.0 Authentication required", client.command("RCPT TO:<ann@gmail.example>"));
            assertTrue(client.command("AUTH PLAIN " + plain("", SubmissionKeys.DOMAIN_KEY)).startsWith("235"));
            assertEquals("250 2.1.0 Ok", client.command("MAIL FROM:<app@example.com>"));
        }
    }

    @Test
    void unknownKeyIs535AndTheSessionMayTryAgain() throws Exception {
        try (SmtpClient client = secured()) {
            assertEquals("535 5.7.8 Authentication credentials invalid",
                    client.command("AUTH PLAIN " + plain("anyone", "mr_not_a_key")));
            assertEquals("334 VXNlcm5hbWU6", client.command("AUTH LOGIN"));
            assertEquals("334 UGFzc3dvcmQ6", client.command(b64("anyone")));
            assertEquals("535 5.7.8 Authentication credentials invalid", client.command(b64("mr_wrong")));
            assertEquals("530 5.7.0 Authentication required", client.command("MAIL FROM:<app@example.com>"));
            assertTrue(client.command("AUTH PLAIN " + plain("x", SubmissionKeys.DOMAIN_KEY)).startsWith("235"));
        }
    }

    @Test
    void undecodableResponseIs501() throws Exception {
        try (SmtpClient client = secured()) {
            assertEquals("501 5.5.2 Cannot decode response", client.command("AUTH PLAIN !!!not-base64"));
            assertEquals("501 5.5.2 Cannot decode response", client.command("AUTH PLAIN " + b64("no-nul-here")));
        }
    }

    @Test
    void senderOutsideTheKeysDomainsIs553() throws Exception {
        try (SmtpClient client = secured()) {
            assertTrue(client.command("AUTH PLAIN " + plain("x", SubmissionKeys.DOMAIN_KEY)).startsWith("235"));
            assertEquals("553 5.7.1 Sender address not allowed for this key",
                    client.command("MAIL FROM:<app@other.example>"));
            assertEquals("553 5.7.1 Sender address not allowed for this key", client.command("MAIL FROM:<>"));
            assertEquals("250 2.1.0 Ok", client.command("MAIL FROM:<app@EXAMPLE.com>"));
            assertTrue(client.command("RCPT TO:<anyone@anywhere.example>").startsWith("250"),
                    "relay to any domain once authenticated");
        }
    }

    @Test
    void aKeyWithoutTheSendPermissionMayNotSend() throws Exception {
        String id = TestKeys.newId("reader");
        String token = TestKeys.publish(id, TestKeys.token(id), EnumSet.of(Permission.READ), List.of("example.com"),
                null);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> auth(token)
                .startsWith("235"));
        try (SmtpClient client = secured()) {
            assertTrue(client.command("AUTH PLAIN " + plain("x", token)).startsWith("235"));
            assertEquals("553 5.7.1 Sender address not allowed for this key",
                    client.command("MAIL FROM:<app@example.com>"));
        }
    }

    @Test
    void aKeyPublishedOnTheTopicIsAcceptedAndItsTombstoneRefusesItWithinFiveSeconds() throws Exception {
        String id = TestKeys.newId("revoked");
        String token = TestKeys.publish(id, TestKeys.token(id), EnumSet.of(Permission.SEND), List.of("example.com"),
                null);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> auth(token)
                .startsWith("235"));
        TestKeys.revoke(id);
        long revoked = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> auth(token)
                .equals("535 5.7.8 Authentication credentials invalid"));
        assertTrue(System.nanoTime() - revoked < Duration.ofSeconds(5).toNanos());
        // and it stays refused: the table followed the tombstone, nothing cached the key
        assertEquals("535 5.7.8 Authentication credentials invalid", auth(token));
    }

    private String auth(String token) throws Exception {
        try (SmtpClient client = secured()) {
            return client.command("AUTH PLAIN " + plain("x", token));
        }
    }

    @Test
    void submissionsAndAuthRefusalsAreCountedUnderTheSubmissionListener() throws Exception {
        try (SmtpClient client = secured()) {
            client.command("AUTH PLAIN " + plain("anyone", "mr_counted_bad_key"));
        }
        Swaks.Result result = Swaks.run("--server", "127.0.0.1:" + smtp.submissionPort(), "--tls", "--auth", "PLAIN",
                "--auth-user", "x", "--auth-password", SubmissionKeys.DOMAIN_KEY, "--from", "app@example.com", "--to",
                "ann@gmail.example", "--data", "Subject: counted\n\nhello");
        assertEquals(0, result.exit(), result.transcript());
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract()
                .asString();
        assertTrue(metrics.contains(
                "mailroom_smtp_rejected_total{code=\"535\",listener=\"submission\",reason=\"auth-invalid\"}"),
                metrics);
        assertTrue(metrics.contains("mailroom_smtp_messages_accepted_total{listener=\"submission\"}"), metrics);
        assertTrue(metrics.contains(
                "mailroom_kafka_ack_seconds_count{outcome=\"acknowledged\",topic=\"mailroom.outbound.requested\"}"),
                metrics);
    }

    @Test
    void theMxListenerOffersNoAuth() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            assertTrue(client.startTlsAfterEhlo());
            client.write("EHLO app.example\r\n");
            String secured = client.fullReply();
            assertFalse(secured.contains("AUTH"), secured);
        }
    }

    private SmtpClient secured() throws Exception {
        SmtpClient client = new SmtpClient(smtp.submissionPort());
        client.reply();
        assertTrue(client.startTlsAfterEhlo());
        client.write("EHLO app.example\r\n");
        client.fullReply();
        return client;
    }

    private static ConsumerRecord<String, byte[]> outbound(String id) {
        List<ConsumerRecord<String, byte[]>> found = KafkaTestClient.await(Topics.OUTBOUND_REQUESTED,
                r -> id.equals(r.key()), 1, Duration.ofSeconds(20));
        assertEquals(1, found.size());
        return found.get(0);
    }

    private static String plain(String user, String key) {
        return b64("\0" + user + "\0" + key);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
