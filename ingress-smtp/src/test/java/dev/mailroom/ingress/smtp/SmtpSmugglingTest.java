package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * SMTP smuggling (CVE-2023-51764 family) and malformed content, against the running listener and a real broker.
 * Each smuggling test sends one DATA whose body holds a fake end-of-data sequence followed by a complete second
 * transaction, then checks (a) the one reply, (b) that the smuggled commands were never answered (the next reply
 * is the one to our own probe, {@code VRFY}), (c) that Kafka holds nothing of the refused message, and that a clean
 * message in the same session, without RSET, is still accepted.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class SmtpSmugglingTest {

    static final String BARE_LINE_ENDING = "554 5.6.0 Message contains bare CR or LF";
    static final String PROBE_REPLY = "502 5.5.1 VRFY command is disabled";

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void bareLfDotBareLfDoesNotEndTheMessageAndIsRefused() throws Exception {
        assertSmugglingRefused("\n.\n");
    }

    @Test
    void bareLfDotCrLfDoesNotEndTheMessageAndIsRefused() throws Exception {
        assertSmugglingRefused("\n.\r\n");
    }

    @Test
    void crLfDotBareLfDoesNotEndTheMessageAndIsRefused() throws Exception {
        assertSmugglingRefused("\r\n.\n");
    }

    @Test
    void bareCrDotBareCrDoesNotEndTheMessageAndIsRefused() throws Exception {
        assertSmugglingRefused("\r.\r");
    }

    @Test
    void crLfDotBareCrDoesNotEndTheMessageAndIsRefused() throws Exception {
        assertSmugglingRefused("\r\n.\r");
    }

    @Test
    void nulByteIsRefused() throws Exception {
        assertContentRefused("MAIL FROM:<ann@example.org>",
                "From: ann@example.org\r\nSubject: nul\r\n\r\nbefore\0after ", "554 5.6.0 Message contains NUL characters");
    }

    @Test
    void headerLineOver998OctetsIsRefused() throws Exception {
        assertContentRefused("MAIL FROM:<ann@example.org>",
                "From: ann@example.org\r\nX-Long: " + "a".repeat(991) + "\r\n\r\nbody ",
                "554 5.6.0 Message header line too long");
    }

    @Test
    void headerLineOfExactly998OctetsAndLongBodyLinesAreAccepted() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (SmtpClient client = session()) {
            String reply = client.send("ann@example.org", new String[] { "echo@agents.test" },
                    "From: ann@example.org\r\nX-Long: " + "a".repeat(990) + "\r\n\r\n" + "b".repeat(5000) + " "
                            + marker);
            assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
        }
        assertEquals(1, recordsContaining(marker).size());
    }

    @Test
    void eightBitDataWithout8bitmimeIsRefused() throws Exception {
        assertContentRefused("MAIL FROM:<ann@example.org>",
                "From: ann@example.org\r\nSubject: caf\u00e9\r\n\r\nd\u00e9j\u00e0 vu ",
                "554 5.6.1 Eight-bit data not allowed without BODY=8BITMIME");
    }

    @Test
    void eightBitDataWithBody8bitmimeOrSmtputf8IsAccepted() throws Exception {
        for (String parameter : List.of("BODY=8BITMIME", "SMTPUTF8")) {
            String marker = UUID.randomUUID().toString();
            try (SmtpClient client = session()) {
                assertEquals("250 2.1.0 Ok", client.command("MAIL FROM:<ann@example.org> " + parameter));
                assertTrue(client.command("RCPT TO:<echo@agents.test>").startsWith("250"));
                assertTrue(client.command("DATA").startsWith("354"));
                client.write("From: ann@example.org\r\nSubject: caf\u00e9\r\n\r\nd\u00e9j\u00e0 vu " + marker
                        + "\r\n.\r\n");
                String reply = client.reply();
                assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), parameter + ": " + reply);
            }
            byte[] raw = recordsContaining(marker).get(0).value();
            assertTrue(new String(raw, StandardCharsets.ISO_8859_1).contains("caf\u00e9"),
                    "8-bit bytes reach Kafka unchanged");
        }
    }

    @Test
    void bareLfInBdatChunkIsRefusedToo() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (SmtpClient client = session()) {
            assertEquals("250 2.1.0 Ok", client.command("MAIL FROM:<ann@example.org>"));
            assertTrue(client.command("RCPT TO:<echo@agents.test>").startsWith("250"));
            String chunk = "From: ann@example.org\r\nSubject: bdat\r\n\r\nline\nMAIL FROM:<x@example.org>\r\n"
                    + marker + "\r\n";
            client.write("BDAT " + chunk.length() + " LAST\r\n" + chunk);
            assertEquals(BARE_LINE_ENDING, client.reply());
            assertEquals(PROBE_REPLY, client.command("VRFY probe"));
            assertCleanMessageAccepted(client);
        }
        assertTrue(recordsContaining(marker).isEmpty(), "nothing of the refused message reached Kafka");
    }

    private void assertSmugglingRefused(String fakeTerminator) throws Exception {
        String marker = UUID.randomUUID().toString();
        try (SmtpClient client = session()) {
            assertEquals("250 2.1.0 Ok", client.command("MAIL FROM:<ann@example.org>"));
            assertTrue(client.command("RCPT TO:<echo@agents.test>").startsWith("250"));
            assertTrue(client.command("DATA").startsWith("354"));
            client.write("From: ann@example.org\r\nTo: echo@agents.test\r\nSubject: outer\r\n\r\nfirst " + marker
                    + fakeTerminator
                    + "MAIL FROM:<admin@agents.test>\r\n"
                    + "RCPT TO:<victim@agents.test>\r\n"
                    + "DATA\r\n"
                    + "From: admin@agents.test\r\nSubject: smuggled\r\n\r\nsmuggled " + marker + "\r\n"
                    + ".\r\n");
            // (a) exactly one reply, the refusal
            assertEquals(BARE_LINE_ENDING, client.reply());
            // (b) the smuggled MAIL/RCPT/DATA were never answered: the next reply is our probe's
            assertEquals(PROBE_REPLY, client.command("VRFY probe"));
            // the session goes on, in RSET state: MAIL without RSET starts a new transaction
            assertCleanMessageAccepted(client);
        }
        // (c) nothing of the refused message, outer or smuggled, reached Kafka
        assertTrue(recordsContaining(marker).isEmpty(), "no record carries " + marker);
    }

    private void assertContentRefused(String mailFrom, String message, String expectedReply) throws Exception {
        String marker = UUID.randomUUID().toString();
        try (SmtpClient client = session()) {
            assertEquals("250 2.1.0 Ok", client.command(mailFrom));
            assertTrue(client.command("RCPT TO:<echo@agents.test>").startsWith("250"));
            assertTrue(client.command("DATA").startsWith("354"));
            client.write(message + marker + "\r\n.\r\n");
            assertEquals(expectedReply, client.reply());
            assertEquals(PROBE_REPLY, client.command("VRFY probe"));
            assertCleanMessageAccepted(client);
        }
        assertTrue(recordsContaining(marker).isEmpty(), "no record carries " + marker);
    }

    private void assertCleanMessageAccepted(SmtpClient client) throws Exception {
        String marker = UUID.randomUUID().toString();
        String reply = client.send("ann@example.org", new String[] { "echo@agents.test" },
                "From: ann@example.org\r\nSubject: clean\r\n\r\nclean " + marker);
        assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
        String id = reply.substring("250 2.0.0 Ok: queued as ".length()).trim();
        ConsumerRecord<String, byte[]> record = IngressSmtpTest.findRecord(id);
        String raw = new String(record.value(), StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("clean " + marker), raw);
        assertTrue(raw.startsWith("Received: from client.example ([127.0.0.1])\r\n"), raw);
        assertTrue(raw.contains(" id " + id + "\r\n        for <echo@agents.test>;\r\n"), raw);
    }

    private SmtpClient session() throws Exception {
        SmtpClient client = new SmtpClient(smtp.port());
        assertTrue(client.reply().startsWith("220"));
        assertTrue(client.command("EHLO client.example").startsWith("250"));
        return client;
    }

    private static List<ConsumerRecord<String, byte[]>> recordsContaining(String marker) {
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        return KafkaTestClient.readAll(Topics.INBOUND_RECEIVED, Duration.ofSeconds(1)).stream()
                .filter(r -> indexOf(r.value(), needle) >= 0).toList();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
