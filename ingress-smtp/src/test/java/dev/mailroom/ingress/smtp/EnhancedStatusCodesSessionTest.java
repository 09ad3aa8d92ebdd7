package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * ENHANCEDSTATUSCODES on the running MX listener (RFC 2034): advertised in EHLO, before and after STARTTLS, and
 * every reply of a full session, SubEthaSMTP's own included, carries an enhanced code, except the greeting, the
 * EHLO reply and {@code 354}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EnhancedStatusCodesSessionTest {

    private static final Pattern REPLY_LINE = Pattern.compile("^\\d{3}[ -].*");
    private static final Pattern CODED = Pattern.compile("^\\d{3}[ -][245]\\.\\d{1,3}\\.\\d{1,3} .*");

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void everyReplyOfAFullSessionCarriesAnEnhancedCode() throws Exception {
        List<String> coded = new ArrayList<>();
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            String greeting = client.fullReply();
            assertTrue(greeting.startsWith("220 ") && !CODED.matcher(greeting).matches(), greeting);
            client.write("EHLO client.example\r\n");
            String ehlo = client.fullReply();
            assertTrue(ehlo.contains("\n250-ENHANCEDSTATUSCODES\n"), ehlo);
            for (String line : ehlo.split("\n")) {
                assertTrue(REPLY_LINE.matcher(line).matches() && !CODED.matcher(line).matches(), ehlo);
            }
            coded.add(full(client, "MAIL FROM:<ann@example.org>"));
            coded.add(full(client, "RCPT TO:<echo@agents.test>"));
            String data = full(client, "DATA");
            assertTrue(data.startsWith("354 ") && !CODED.matcher(data).matches(), data);
            client.write("Subject: esc\r\n\r\nbody\r\n.\r\n");
            coded.add(client.fullReply());
            coded.add(full(client, "RSET"));
            coded.add(full(client, "NOOP"));
            coded.add(full(client, "VRFY someone"));
            coded.add(full(client, "FROB nicate"));
            coded.add(full(client, "DATA")); // bad sequence: no MAIL
            coded.add(full(client, "MAIL FROM:<ann@example.org>"));
            coded.add(full(client, "DATA")); // bad sequence: no RCPT
            coded.add(full(client, "MAIL FROM:<ann@example.org>")); // sender already specified
            coded.add(full(client, "RSET"));
            coded.add(full(client, "MAIL FROM ann")); // syntax
            coded.add(full(client, "HELP"));
            coded.add(full(client, "QUIT"));
        }
        for (String reply : coded) {
            for (String line : reply.split("\n")) {
                assertTrue(CODED.matcher(line).matches(), "no enhanced code: " + line + " in " + coded);
            }
        }
        assertEquals("250 2.1.0 Ok", coded.get(0).trim());
        assertEquals("250 2.1.5 Ok", coded.get(1).trim());
        assertTrue(coded.get(2).startsWith("250 2.0.0 Ok: queued as "), coded.get(2));
        assertEquals("502 5.5.1 VRFY command is disabled", coded.get(5).trim());
        assertTrue(coded.get(6).startsWith("500 5.5.2 "), coded.get(6));
        assertEquals("503 5.5.1 Error: need RCPT command", coded.get(9).trim());
        assertTrue(coded.get(coded.size() - 1).startsWith("221 2.0.0 "), coded.toString());
    }

    @Test
    void pipelinedRepliesGetTheCodeOfTheirOwnCommand() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.fullReply();
            client.write("EHLO client.example\r\n");
            client.fullReply();
            client.write("MAIL FROM:<ann@example.org>\r\nRCPT TO:<echo@agents.test>\r\nRCPT TO:<x@gmail.com>\r\n"
                    + "NOOP\r\nRSET\r\nXYZZ\r\n");
            assertEquals("250 2.1.0 Ok", client.reply());
            assertEquals("250 2.1.5 Ok", client.reply());
            assertEquals("550 5.7.1 Relay access denied", client.reply());
            assertEquals("250 2.0.0 Ok", client.reply());
            assertEquals("250 2.0.0 Ok", client.reply());
            assertTrue(client.reply().startsWith("500 5.5.2 "));
            client.quit();
        }
    }

    @Test
    void afterStartTlsStillAdvertisedAndCoded() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.fullReply();
            assertTrue(client.startTlsAfterEhlo());
            assertEquals("250 2.0.0 Ok", client.command("NOOP")); // before EHLO again: still coded
            client.write("EHLO client.example\r\n");
            String ehlo = client.fullReply();
            assertTrue(ehlo.contains("\n250-ENHANCEDSTATUSCODES\n"), ehlo);
            assertTrue(client.command("STARTTLS").startsWith("454 4.3.0 "), "TLS already active");
            assertEquals("250 2.1.0 Ok", client.command("MAIL FROM:<ann@example.org>"));
            client.quit();
        }
    }

    private static String full(SmtpClient client, String command) throws Exception {
        client.write(command + "\r\n");
        return client.fullReply();
    }
}
