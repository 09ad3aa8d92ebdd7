package dev.mailroom.mail.dsn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailroom.contract.DsnReport;

class DsnParserTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = DsnParserTest.class.getResourceAsStream("/dsn/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] crlf(byte[] lf) {
        return new String(lf, StandardCharsets.ISO_8859_1).replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Dsn parse(byte[] raw) {
        assertTrue(DsnParser.looksLikeDsn(raw), "pre-check");
        return DsnParser.parse(raw).orElseThrow(() -> new AssertionError("not parsed as a DSN"));
    }

    @Test
    void postfixReportWithRfc822HeadersGivesEnvelopeIdMessageIdAndTheFailedRecipient() throws IOException {
        for (byte[] raw : List.of(fixture("postfix-user-unknown.eml"), crlf(fixture("postfix-user-unknown.eml")))) {
            Dsn dsn = parse(raw);
            assertEquals("0190a1b2c3d4e5f60718293a4b5c", dsn.originalEnvelopeId());
            assertEquals("relay.example.net", dsn.reportingMta());
            assertEquals("0190a1b2c3d4e5f60718293a4b5c@mail.test", dsn.originalMessageId());
            assertEquals(List.of(new Dsn.Recipient("nobody@example.com", "nobody@example.com", "failed", "5.1.1",
                    "smtp; 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual"
                            + " mailbox table", "mx.example.com")), dsn.recipients());
            assertTrue(dsn.recipients().get(0).failed());
            assertEquals(550, dsn.recipients().get(0).smtpCode());
            assertEquals("5.1.1", dsn.recipients().get(0).smtpEnhancedCode());
        }
    }

    @Test
    void eximReportWithTheWholeReturnedMessageAndNoEnvelopeId() throws IOException {
        Dsn dsn = parse(fixture("exim-message-rfc822.eml"));
        assertNull(dsn.originalEnvelopeId());
        assertEquals("mx.example.org", dsn.reportingMta());
        assertEquals("0190a1b2c3d4e5f60718293a4b5d@mail.test", dsn.originalMessageId(),
                "the folded Message-ID of the returned header, not the one in its body");
        Dsn.Recipient r = dsn.recipients().get(0);
        assertEquals("Jane.Doe@Example.ORG", r.finalRecipient());
        assertEquals("jane.doe@example.org", r.address());
        assertNull(r.originalRecipient());
        assertEquals("failed", r.action());
        assertEquals("5.0.0", r.status());
        assertEquals("mail.example.org", r.remoteMta());
        assertEquals("5.1.1", r.smtpEnhancedCode());
        assertEquals(550, r.smtpCode(), "Exim's generic 5.0.0: the remote's reply is in the diagnostic");
    }

    @Test
    void severalRecipientsWithFoldedFieldsCommentsAndOddCase() throws IOException {
        Dsn dsn = parse(fixture("multiple-recipients.eml"));
        assertEquals("0190a1b2c3d4e5f60718293a4b5e", dsn.originalEnvelopeId());
        assertEquals("0190a1b2c3d4e5f60718293a4b5e@mail.test", dsn.originalMessageId());
        assertEquals(2, dsn.recipients().size());
        Dsn.Recipient alice = dsn.recipients().get(0);
        assertEquals("Alice@example.com", alice.finalRecipient());
        assertEquals("failed", alice.action());
        assertEquals("5.1.1", alice.status());
        assertEquals("mx1.example.com", alice.remoteMta());
        assertEquals("smtp; 550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 Please"
                + " try double-checking the recipient's email address.", alice.diagnosticCode());
        assertEquals(550, alice.smtpCode());
        assertEquals("5.1.1", alice.smtpEnhancedCode());
        Dsn.Recipient bob = dsn.recipients().get(1);
        assertEquals("bob@example.com", bob.finalRecipient());
        assertTrue(bob.delayed());
        assertEquals("4.4.1", bob.status());
        assertEquals("X-Postfix; connect to mx2.example.com[192.0.2.26]:25: Connection timed out",
                bob.diagnosticCode());
        assertEquals(0, bob.smtpCode());
        assertNull(bob.smtpEnhancedCode());
    }

    @Test
    void missingEnvelopeIdAndReturnedHeaderLeaveThemNull() {
        String raw = "From: MAILER-DAEMON@relay.example.net\r\nTo: app@mail.test\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n"
                + "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; relay.example.net\r\n\r\n"
                + "Final-Recipient: rfc822; x@example.com\r\nAction: failed\r\nStatus: 5.7.1\r\n"
                + "Diagnostic-Code: smtp; 554 5.7.1 message refused by policy\r\n\r\n--b--\r\n";
        Dsn dsn = parse(raw.getBytes(StandardCharsets.US_ASCII));
        assertNull(dsn.originalEnvelopeId());
        assertNull(dsn.originalMessageId());
        Dsn.Recipient r = dsn.recipients().get(0);
        assertNull(r.remoteMta());
        assertEquals("relay.example.net", dsn.reportingMta());
        assertEquals(554, r.smtpCode());
        assertEquals("5.7.1", r.smtpEnhancedCode());
    }

    @Test
    void base64EncodedDeliveryStatusAndMissingBlankLineAfterPerMessageFields() {
        String status = "Reporting-MTA: dns; gw.example.com\r\nOriginal-Envelope-Id: ENV+2B1\r\n"
                + "Final-Recipient: rfc822;z@example.com\r\nAction: failed\r\nStatus: 5.1.2\r\n";
        String raw = "Content-Type: multipart/report; report-type=delivery-status; boundary=\"x y\"\r\n\r\n"
                + "--x y\r\nContent-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(status.getBytes(StandardCharsets.US_ASCII))
                + "\r\n--x y--\r\n";
        Dsn dsn = parse(raw.getBytes(StandardCharsets.US_ASCII));
        assertEquals("ENV+2B1", dsn.originalEnvelopeId(), "as written; DsnProcessor also tries it xtext-decoded");
        assertEquals(new Dsn.Recipient("z@example.com", null, "failed", "5.1.2", null, null),
                dsn.recipients().get(0));
    }

    @Test
    void aDsnBehindAVeryLongReturnedMessageIsStillRead() throws IOException {
        String original = new String(fixture("postfix-user-unknown.eml"), StandardCharsets.ISO_8859_1);
        String body = "x".repeat(998) + "\n";
        String longer = original.replace("Message-ID: <0190a1b2c3d4e5f60718293a4b5c@mail.test>\nMIME-Version: 1.0\n",
                "Message-ID: <0190a1b2c3d4e5f60718293a4b5c@mail.test>\nMIME-Version: 1.0\n\n"
                        + body.repeat(6 * 1024));
        assertTrue(longer.length() > DsnParser.MAX_INPUT_BYTES);
        Dsn dsn = parse(longer.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("0190a1b2c3d4e5f60718293a4b5c@mail.test", dsn.originalMessageId());
        assertEquals(1, dsn.recipients().size());
    }

    @Test
    void aDsnTravelsAsADsnReportAndComesBackTheSame() throws IOException {
        Dsn dsn = parse(fixture("multiple-recipients.eml"));
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        DsnReport report = dsn.report("in1", at, "", List.of("app@mail.test"));
        assertEquals(DsnReport.VERSION, report.v());
        assertEquals("in1", report.inboundId());
        assertEquals(at, report.receivedAt());
        assertEquals(List.of("app@mail.test"), report.rcptTo());
        assertEquals(dsn.originalEnvelopeId(), report.key());
        assertEquals(new DsnReport.Recipient("bob@example.com", null, "delayed", "4.4.1",
                "X-Postfix; connect to mx2.example.com[192.0.2.26]:25: Connection timed out", "mx2.example.com"),
                report.recipients().get(1));
        assertEquals(dsn, Dsn.of(report));
    }

    @Test
    void dispositionNotificationIsNotADsn() throws IOException {
        byte[] raw = fixture("disposition-notification.eml");
        assertFalse(DsnParser.looksLikeDsn(raw));
        assertTrue(DsnParser.parse(raw).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not a message at all",
        "Subject: hi\r\n\r\nbody\r\n",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain\r\n\r\nno status part\r\n--b--\r\n",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\n--b--\r\n",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: message/delivery-status\r\n\r\n: : :\r\n\t\r\n\u0000\u0001 garbage\r\n",
        "Content-Type: multipart/report; report-type=delivery-status\r\n\r\nno boundary\r\n",
        "Content-Type: text/plain; report-type=delivery-status\r\n\r\nFinal-Recipient: rfc822; a@b\r\n"
                + "Action: failed\r\n",
    })
    void garbageAndIncompleteReportsGiveNothing(String raw) {
        assertTrue(DsnParser.parse(raw.getBytes(StandardCharsets.ISO_8859_1)).isEmpty(), raw);
    }

    @Test
    void aTruncatedReportKeepsWhatItHas() {
        String raw = "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; a@b\r\nAction: fai";
        assertEquals(List.of(new Dsn.Recipient("a@b", null, "fai", null, null, null)),
                parse(raw.getBytes(StandardCharsets.US_ASCII)).recipients());
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(3464);
        String head = "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: message/delivery-status\r\n\r\n";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 500; i++) {
                byte[] noise = new byte[random.nextInt(4096)];
                random.nextBytes(noise);
                DsnParser.parse(noise);
                DsnParser.looksLikeDsn(noise);
                byte[] framed = new byte[head.length() + noise.length];
                System.arraycopy(head.getBytes(StandardCharsets.ISO_8859_1), 0, framed, 0, head.length());
                System.arraycopy(noise, 0, framed, head.length(), noise.length);
                DsnParser.parse(framed);
            }
        });
    }

    @Test
    void recipientsAreBounded() {
        StringBuilder status = new StringBuilder("Reporting-MTA: dns; x\r\n");
        for (int i = 0; i < DsnParser.MAX_RECIPIENTS + 50; i++) {
            status.append("\r\nFinal-Recipient: rfc822; r").append(i).append("@example.com\r\nAction: failed\r\n");
        }
        String raw = "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: message/delivery-status\r\n\r\n" + status + "--b--\r\n";
        assertEquals(DsnParser.MAX_RECIPIENTS, parse(raw.getBytes(StandardCharsets.US_ASCII)).recipients().size());
    }

    @Test
    void contentTypeParametersAreReadCaseInsensitivelyAndQuoted() {
        assertTrue(DsnParser.isReport("multipart/report; report-type=delivery-status; boundary=x"));
        assertTrue(DsnParser.isReport("Multipart/Report; boundary=\"a;b\"; Report-Type=\"Delivery-Status\""));
        assertTrue(DsnParser.isReport("multipart/report (comment); report-type=global-delivery-status"));
        assertFalse(DsnParser.isReport("multipart/report; report-type=disposition-notification"));
        assertFalse(DsnParser.isReport("multipart/report; report-type=feedback-report"));
        assertFalse(DsnParser.isReport("multipart/mixed; report-type=delivery-status"));
        assertFalse(DsnParser.isReport("multipart/report"));
        assertFalse(DsnParser.isReport("multipart/report; report-type"));
    }

    // ---- shared conformance corpus (../shared/corpus): other projects' reports and tricky MIME ----

    private static Path corpus(String folder) {
        String property = System.getProperty("mailroom-corpus");
        Path root = property != null && !property.isBlank() ? Path.of(property)
                : Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("../shared/corpus")
                        .normalize();
        Path path = root.resolve(folder);
        assumeTrue(Files.isDirectory(path), "conformance corpus folder " + path + " is absent; skipping");
        return path;
    }

    private static List<Path> files(Path folder, String suffix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(out::add);
        }
        return out;
    }

    @Test
    void abuseAndDmarcFailureReportsOfTheCorpusAreNotDsns() throws IOException {
        Path stalwart = corpus("stalwart-mail-auth");
        List<Path> reports = files(stalwart.resolve("arf"), ".eml");
        reports.addAll(files(stalwart.resolve("dmarc-feedback"), ".eml"));
        assertTrue(reports.size() >= 10, "expected the ARF and DMARC failure reports, found " + reports.size());
        for (Path report : reports) {
            byte[] raw = Files.readAllBytes(report);
            assertFalse(DsnParser.looksLikeDsn(raw), report.toString());
            assertTrue(DsnParser.parse(raw).isEmpty(), report.toString());
        }
    }

    @Test
    void trickyMimeOfTheCorpusNeverThrowsAndIsNoDsn() throws IOException {
        List<Path> messages = files(corpus("mime4j-testmsgs"), ".msg");
        assertTrue(messages.size() >= 80, "expected the 80 corpus messages, found " + messages.size());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (Path message : messages) {
                byte[] raw = Files.readAllBytes(message);
                assertTrue(DsnParser.parse(raw).isEmpty(), message.toString());
            }
        });
    }
}
